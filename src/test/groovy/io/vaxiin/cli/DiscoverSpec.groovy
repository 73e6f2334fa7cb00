package io.vaxiin.cli

import groovy.json.JsonSlurper
import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.connector.redfish.MockupServer
import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * `vaxiin discover` against the sandbox, each vendor's real Redfish payloads served as they are,
 * and OpenIPMI's ipmi_sim: vendor, model, profile and console paths, a table or JSON; an
 * unreachable BMC is exit 3 in one line.
 */
class DiscoverSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('discover')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private String passwordFile(String password) {
        def f = dir.resolve("pw-${System.nanoTime()}")
        Files.writeString(f, password)
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString('rw-------'))
        f.toString()
    }

    def "the sandbox: its facts as a table, what it allows, and no profile for a BMC nothing here describes"() {
        when:
        def run = CliRun.of('discover', '--scenario', 'healthy')

        then:
        run.code == 0
        run.out =~ /(?m)^model\s+Vaxiin Sandbox VX-1$/
        run.out =~ /(?m)^power\s+on$/
        run.out =~ /(?m)^powerActions\s+on, off, cycle, reset, soft$/
        run.out =~ /(?m)^connected\s+kvm: VNC at 127\.0\.0\.1:\d+; serial: SOL at/
        run.out =~ /(?m)^profileWhy\s+no profile matches what the BMC said$/
    }

    @Unroll("#flavour: #profile (#vendor, #model)")
    def "each vendor's real Redfish payloads name the vendor, the model, the profile and its console paths"() {
        given:
        def server = new MockupServer(flavour)
        def pw = passwordFile(MockupServer.PASSWORD)

        when:
        def run = CliRun.of('discover', '--power', "redfish+http://${MockupServer.USER}:file:$pw@127.0.0.1:${server.port}", '--json')
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.code == 0
        json.vendor == vendor
        json.model == model
        json.profile == profile
        json.consolePaths == paths
        !run.out.contains(MockupServer.PASSWORD) && !run.err.contains(MockupServer.PASSWORD)

        cleanup:
        server?.close()

        where:
        flavour        | vendor       | model                                    | profile       | paths
        'dell-idrac9'  | 'dell'       | 'PowerEdge R640'                         | 'dell-idrac9' | ['vnc (port 5901)', 'screenshot (dell-export)', 'ssh (connect com2)', 'sol']
        'hpe-ilo5'     | 'hpe'        | 'ProLiant DL365 Gen10 Plus -- SIMULATED' | 'hpe-ilo5'    | ['screenshot (ilo-thumbnail)', 'ssh (vsp)', 'sol']
        'supermicro'   | 'supermicro' | 'SYS-510T-MR-EI018'                      | 'supermicro'  | ['screenshot (supermicro-preview)', 'sol']
        'openbmc'      | 'openbmc'    | 'unknown'                                | 'openbmc'     | ['websocket (/kvm/0)', 'ssh (port 2200)', 'sol']
    }

    def "a BMC that refuses the login still tells its vendor from the service root: what was found, what was not and why, exit 3"() {
        given: "HPE's iLO 5 payloads, asked with a wrong password and with none"
        def server = new MockupServer('hpe-ilo5')
        def wrong = passwordFile('not-the-password-5521')

        when:
        def run = CliRun.of('discover', '--power', uri.replace('PW', wrong).replace('PORT', "${server.port}"), '--json')
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.code == 3
        json.server == "redfish+http://127.0.0.1:${server.port}".toString()
        json.vendor == 'hpe'
        json.redfishVersion == '1.20.0'
        json.product == 'ProLiant DL365 Gen10 Plus -- SIMULATED'
        json.notFound.size() == 1 && json.notFound[0].startsWith('identity, power and boot: ')
        run.err.readLines().size() == 1
        run.err.contains('(found without a login: vendor hpe') && run.err.contains('redfishVersion 1.20.0')
        !run.out.contains('not-the-password-5521') && !run.err.contains('not-the-password-5521')

        cleanup:
        server?.close()

        where:
        what             | uri
        'wrong password' | "redfish+http://${MockupServer.USER}:file:PW@127.0.0.1:PORT"
        'no login'       | "redfish+http://127.0.0.1:PORT"
    }

    def "only discover reads a BMC without a login: run with a Redfish URI that gives no credentials is told how to give them (exit 2)"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        def script = dir.resolve('nop.groovy')
        Files.writeString(script, "done 'x'\n")

        when:
        def run = CliRun.of('run', script.toString(), '--power', "redfish+http://127.0.0.1:${server.port}", '--out', dir.resolve('out').toString())

        then:
        run.code == 2
        run.err.readLines().size() == 1
        run.err.contains('gives no credentials: write redfish://USER:env:NAME@HOST')
        server.requests.isEmpty()

        cleanup:
        server?.close()
    }

    def "ipmi_sim over IPMI: Get Device ID's manufacturer decides, and the power state is read"() {
        given:
        def bmc = IpmiRig.chassis()
        def pw = passwordFile(bmc.password)

        when:
        def run = CliRun.of('discover', '--power', "ipmi://admin:file:$pw@127.0.0.1:${bmc.port}", '--json')
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.code == 0
        json.manufacturerId instanceof Integer
        json.power == 'on'
        json.sol == null    // this ipmi_sim has no SOL configured: it refuses the question, and discover says so
        json.notFound == ["SOL: IPMI at 127.0.0.1:${bmc.port} refused Get SOL Configuration Parameters (SOL Enable): completion code 0xc1 (invalid command)".toString()]
        run.err.contains(': not found: SOL: ')
        json.profile != null
        json.consolePaths.last() == 'sol'

        cleanup:
        bmc?.close()
    }

    def "ipmi_sim refusing the password still tells its channel's authentication capabilities, read before any session"() {
        given:
        def bmc = IpmiRig.chassis()
        def wrong = passwordFile('wrong-pass-9013')

        when:
        def run = CliRun.of('discover', '--power', "ipmi://admin:file:$wrong@127.0.0.1:${bmc.port}", '--json')
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.code == 3
        json.ipmiLan.startsWith('2.0 (RMCP+)')
        json.anonymousLogin in ['enabled', 'disabled']
        json.kg == 'not set'
        json.notFound == ["identity, power and boot: ${json.error}".toString()]
        run.err.readLines().size() == 1
        run.err.contains('(found without a login: ipmiChannel ')
        !run.out.contains('wrong-pass-9013') && !run.err.contains('wrong-pass-9013')

        cleanup:
        bmc?.close()
    }

    def "a BMC that does not answer is exit 3 with one line; every server of an inventory is asked"() {
        given:
        def inventory = dir.resolve('inventory.yaml')
        def pw = passwordFile('not-used-Secret-7')
        Files.writeString(inventory, """
            credentials:
              lab: { username: root, password: file:$pw }
            servers:
              sandbox-a:
                console: sandbox:healthy
                profile: openbmc
              dead-01:
                power: redfish+http://127.0.0.1:1
                credentials: lab
            """.stripIndent())

        when:
        def dead = CliRun.of('discover', '--power', "redfish+http://root:file:$pw@127.0.0.1:1")
        def all = CliRun.of('discover', '--inventory', inventory.toString(), '--json')
        def json = new JsonSlurper().parseText(all.out)

        then:
        dead.code == 3
        dead.err.readLines().size() == 1
        dead.err.startsWith('vaxiin: discover: ')
        all.code == 3
        json*.server == ['sandbox-a', 'dead-01']
        json[0].profile == 'openbmc'
        json[0].profileWhy.startsWith("the inventory's profile: (discovery says none")
        json[1].error
    }

    def "--write puts vendor and model into the inventory and keeps every other byte: comments, order, quoting"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        def pw = passwordFile(MockupServer.PASSWORD)
        def inventory = dir.resolve('fleet.yaml')
        def before = """\
            # the lab fleet (kept by hand)
            credentials:
              ilo: { username: ${MockupServer.USER}, password: "file:$pw" }   # a file only root reads

            servers:
              # the old DL365 in rack 4
              db-07:
                power: redfish+http://127.0.0.1:${server.port}   # iLO 5
                vendor: dell          # wrong, on purpose
                credentials: ilo
              sandbox-a: { console: 'sandbox:healthy' }
            """.stripIndent()
        Files.writeString(inventory, before)

        when:
        def run = CliRun.of('discover', '--inventory', inventory.toString(), '--write')
        def after = Files.readString(inventory)

        then:
        run.code == 0
        after == before.replace('vendor: dell          # wrong, on purpose', 'vendor: hpe          # wrong, on purpose')
                .replace('    power: redfish+http', "    model: ProLiant DL365 Gen10 Plus -- SIMULATED\n    power: redfish+http")
        run.err.contains('not written: sandbox-a: written in flow style')
        io.vaxiin.inventory.Inventory.load(inventory).servers()['db-07'].model() == 'ProLiant DL365 Gen10 Plus -- SIMULATED'

        cleanup:
        server?.close()
    }

    def "--write takes the vendor a BMC named before refusing the login, and nothing of a BMC that told nothing"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        def wrong = passwordFile('not-the-password-5521')
        def inventory = dir.resolve('refused.yaml')
        def before = """\
            credentials:
              wrong: { username: ${MockupServer.USER}, password: "file:$wrong" }
            servers:
              ilo-07:
                power: redfish+http://127.0.0.1:${server.port}
                credentials: wrong
              gone-01:
                power: redfish+http://127.0.0.1:${RfbRig.freePort()}
                credentials: wrong
            """.stripIndent()
        Files.writeString(inventory, before)

        when:
        def run = CliRun.of('discover', '--inventory', inventory.toString(), '--write')

        then:
        run.code == 3
        Files.readString(inventory) == before.replace("  ilo-07:\n", "  ilo-07:\n    vendor: hpe\n")
        run.err.contains("wrote 1 value (vendor, model) to $inventory")

        cleanup:
        server?.close()
    }

    def "a run's server takes the POST keys of its profile: lib/keys.groovy says F9 for setup on an iLO 5"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        def pw = passwordFile(MockupServer.PASSWORD)
        def script = dir.resolve('keys.groovy')
        Files.writeString(script, """
            use 'lib/keys'
            log "setup \${setupKey()}, boot menu \${bootMenuKey()}, profile key \${server.key('setup')}"
            done 'keys told'
            """.stripIndent())

        when:
        def run = CliRun.of('run', script.toString(),
                '--power', "redfish+http://${MockupServer.USER}:file:$pw@127.0.0.1:${server.port}", '--out', dir.resolve('keys-out').toString())

        then:
        run.code == 0
        run.out.contains('log: setup F9, boot menu F11, profile key F9')

        cleanup:
        server?.close()
    }
}
