package io.vaxiin.cli

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.connector.ipmi.UdpPeer
import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.fixture.CliRun
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/** `vaxiin run` with IPMI and serial targets that refuse, lie or are not there: exit 3, one line, no secret. */
class IpmiCliSpec extends Specification {

    @Shared @AutoCleanup IpmiRig.Chassis bmc = IpmiRig.chassis()
    @Shared Path dir = Files.createTempDirectory('ipmi-cli')
    @Shared Path script

    def setupSpec() {
        script = dir.resolve('status.groovy')
        Files.writeString(script, "power 'on'\ndone 'on'\n")
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private String file(String secret) {
        def f = Files.createTempFile(dir, 'pw', '')
        Files.writeString(f, secret)
        f.toString()
    }

    def "a recovery powers on over IPMI with the password from a file, and says where"() {
        when:
        def run = CliRun.of('run', script.toString(), '--power', "ipmi://admin:file:${file('password')}@127.0.0.1:${bmc.port}",
                '--out', dir.resolve('ok').toString())

        then:
        run.code == 0
        run.out.contains("target 127.0.0.1 (power IPMI at 127.0.0.1:${bmc.port})")
        run.out.contains('power on: verified')
    }

    @Unroll("#scenario: exit 3 and one line")
    def "refusals and silence"() {
        given:
        def silent = new UdpPeer({ byte[] r -> [] })
        String uri = uriOf.call(silent.port)

        when:
        def run = CliRun.of('run', script.toString(), '--power', uri, '--out', dir.resolve('x').toString())

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.startsWith('vaxiin: IPMI at 127.0.0.1:')
        run.err.contains(words)
        !run.err.contains('hunter2') && !run.out.contains('hunter2')
        !run.err.contains('Exception')

        cleanup:
        silent?.close()

        where:
        scenario         | uriOf                                                                                         || words
        'wrong password' | { int p -> "ipmi://admin:file:${file('hunter2')}@127.0.0.1:${bmc.port}" }                   || "refused the credentials of user 'admin'"
        'unknown user'   | { int p -> "ipmi://bob:file:${file('hunter2')}@127.0.0.1:${bmc.port}" }                     || "refused the user 'bob'"
        'cipher suite'   | { int p -> "ipmi://admin:file:${file('hunter2')}@127.0.0.1:${bmc.port}?cipher=17" }         || 'does not offer cipher suite 17'
        'silent BMC'     | { int p -> "ipmi://admin:file:${file('hunter2')}@127.0.0.1:$p" }                            || 'no answer to Get Channel Authentication Capabilities after 4 tries over 10 s'
    }

    def "a serial port nobody serves is exit 3 and one line"() {
        given:
        int port = RfbRig.freePort()

        when:
        def run = CliRun.of('run', 'dsl-examples/serial-fsck.groovy', '--serial', "tcp://127.0.0.1:$port", '--out', dir.resolve('y').toString())

        then:
        run.code == 3
        run.err.readLines() == ["vaxiin: TCP serial at 127.0.0.1:$port: connection refused".toString()]
    }
}
