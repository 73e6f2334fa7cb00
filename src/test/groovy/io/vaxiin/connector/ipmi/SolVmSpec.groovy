package io.vaxiin.connector.ipmi

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Power
import io.vaxiin.connector.Serial
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.regex.Matcher
import java.util.regex.Pattern

/**
 * Serial-over-LAN against ipmi_sim owning a real QEMU VM that boots a Debian kernel with a
 * busybox initrd of the rig's: SOL carries the guest's serial console both ways, survives
 * being taken over and being dropped, and an IPMI reset really resets the guest.
 */
class SolVmSpec extends Specification {

    @Shared @AutoCleanup IpmiRig.Vm vm = IpmiRig.vm(mode: 'prompt')
    List<String> events = new CopyOnWriteArrayList<>()

    private IpmiConfig config() {
        IpmiConfig.builder('127.0.0.1', vm.port).username(vm.username).password(vm.password.toCharArray()).build()
    }

    static Matcher await(Serial serial, long from, String regex, Duration timeout = Duration.ofSeconds(60)) {
        def p = Pattern.compile(regex)
        long deadline = System.nanoTime() + timeout.toNanos()
        Serial.Text t = serial.recent()
        while (true) {
            def m = p.matcher(t.since(from))
            if (m.find()) return m
            long left = deadline - System.nanoTime()
            if (left <= 0) throw new AssertionError("no /$regex/ on SOL within $timeout; text since $from: ${t.since(from).takeRight(2000)}".toString())
            t = serial.awaitChange(t.version(), Duration.ofNanos(Math.min(left, 500_000_000L)))
        }
    }

    def "SOL shows the guest's prompt, and the answer typed reaches the guest"() {
        given:
        def sol = SolConsole.connect(config(), events.&add)

        when: 'a reset makes the guest ask again, on SOL'
        long from = sol.recent().end()
        IpmiChassis.connect(config()).withCloseable { it.power(Power.Action.RESET, Duration.ofSeconds(30)) }
        await(sol, from, /Clear<y>\? $/)
        long asked = sol.recent().end()
        sol.type('y\n')

        then:
        await(sol, asked, /guest received: y\s*\n/)
        await(sol, asked, /login: $/)

        cleanup:
        sol?.close()
    }

    def "SOL already active in another session (ipmitool's) is taken over: deactivated, activated here, and logged"() {
        given:
        def other = vm.sol()

        when:
        def sol = SolConsole.connect(config(), events.&add)
        long from = sol.recent().end()
        sol.type('\n')

        then:
        events.any { it.contains('was active in another session; deactivated it and activated it here') }
        await(sol, from, /login: $/)

        cleanup:
        sol?.close()
        other?.close()
    }

    def "SOL deactivated behind the client's back mid-recovery is re-activated, logged, and carries on"() {
        given:
        def sol = SolConsole.connect(config(), events.&add)

        when:
        def run = vm.ipmitool('sol', 'deactivate')
        assert run.exit == 0: run
        Thread.sleep(4000) // the client checks SOL's state after 3 s without traffic
        long from = sol.recent().end()
        sol.type('after\n')

        then:
        events.any { it.contains('serial-over-LAN dropped') }
        events.any { it.contains('serial-over-LAN re-activated') }
        await(sol, from, /guest received: after/)

        cleanup:
        sol?.close()
    }

    def "a power cycle drops SOL at the BMC; the console re-activates and sees the next boot"() {
        given:
        def sol = SolConsole.connect(config(), events.&add)
        int boots = vm.boots()

        when:
        long from = sol.recent().end()
        IpmiChassis.connect(config()).withCloseable { it.power(Power.Action.CYCLE, Duration.ofSeconds(60)) }

        then:
        await(sol, from, /vaxiin guest boot \d+/, Duration.ofSeconds(90))
        vm.boots() == boots + 1

        cleanup:
        sol?.close()
    }

    def "a closed console ends waits with one line"() {
        given:
        def sol = SolConsole.connect(config(), events.&add)
        sol.close()

        when:
        sol.awaitChange(sol.recent().version(), Duration.ofSeconds(1))

        then:
        def e = thrown(ConnectorException)
        e.message == "SOL at 127.0.0.1:${vm.port}: closed"
    }
}
