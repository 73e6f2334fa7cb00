package io.vaxiin.sandbox

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.SandboxProcess
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/**
 * `vaxiin sandbox` in a JVM of its own, as a person starts it: it prints every URI (console,
 * Redfish, IPMI, SOL, raw TCP serial), never the password, and the inventory it writes works
 * for both of its servers: 'sandbox' (Redfish power, TCP serial) and 'sandbox-ipmi' (IPMI power,
 * SOL serial).
 */
@Timeout(120)
class SandboxCommandSpec extends Specification {

    @Shared SandboxProcess sandbox
    @Shared List<String> printed
    @Shared Map<String, String> uris
    @TempDir Path out

    def setupSpec() {
        sandbox = new SandboxProcess([])
        printed = sandbox.printed
        uris = sandbox.uris
    }

    def cleanupSpec() {
        sandbox?.close() // SIGTERM: the shutdown hook closes the sandbox and removes its files
    }

    def "vaxiin sandbox prints the IPMI, SOL and TCP serial URIs beside the console and Redfish, but not the password"() {
        given:
        Path inventory = Path.of(uris.inventory)
        String password = Files.readString(inventory.resolveSibling('bmc-password'))

        expect:
        uris.console ==~ /vnc:\/\/127\.0\.0\.1:\d+/
        uris.power ==~ /redfish\+http:\/\/127\.0\.0\.1:\d+/
        uris.ipmi ==~ /ipmi:\/\/127\.0\.0\.1:\d+/
        uris.serial == uris.ipmi.replace('ipmi://', 'sol://')
        uris.tcp ==~ /tcp:\/\/127\.0\.0\.1:\d+/
        password.length() == 20
        !printed.any { it.contains(password) }
        printed.any { it.contains('ipmitool -I lanplus -C 3') && it.contains(' -E sol activate') }

        and: 'the inventory names both servers, with the password only by reference'
        def text = Files.readString(inventory)
        text.contains("  sandbox:\n    vendor: qemu\n    console: ${uris.console}\n    power: ${uris.power}\n    serial: ${uris.tcp}\n")
        text.contains("  sandbox-ipmi:\n    vendor: qemu\n    console: ${uris.console}\n    power: ${uris.ipmi}\n    serial: ${uris.serial}\n")
        !text.contains(password)
    }

    @Unroll("a recovery on '#server' cycles the power and sees the login prompt on the serial console (#how)")
    def "each server of the inventory runs a recovery that uses power and the serial console"() {
        given:
        def script = out.resolve('serial-login.groovy')
        script.toFile().text = '''
            recovery 'power cycle, then wait on the serial console', timeout: 60.seconds
            power 'cycle'
            waitFor(serial: /sandbox login: $/, timeout: 30.seconds)
            done 'login prompt on the serial console'
        '''.stripIndent()

        when:
        def run = CliRun.of('run', script.toString(), '--inventory', uris.inventory, '--target', server, '--out', out.resolve('run').toString())

        then:
        run.code == 0
        run.out.contains('power cycle: verified')
        run.out.contains('recovered: login prompt on the serial console')

        where:
        server         || how
        'sandbox'      || 'Redfish and raw TCP serial'
        'sandbox-ipmi' || 'IPMI and serial-over-LAN'
    }
}
