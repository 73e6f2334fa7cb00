package io.vaxiin.sandbox.ipmi

import io.vaxiin.sandbox.Machine
import io.vaxiin.sandbox.Sandbox
import io.vaxiin.sandbox.Scenario
import io.vaxiin.sandbox.redfish.SimulatedBmc
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.charset.StandardCharsets
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The sandbox's IPMI BMC checked by a client nobody here wrote: Debian's ipmitool, lanplus,
 * with the password in IPMI_PASSWORD (-E), never on its command line.
 */
@Timeout(90)
class IpmiBmcIpmitoolSpec extends Specification {

    @AutoCleanup Sandbox sandbox
    final List<String> log = new CopyOnWriteArrayList<>()

    void start(Scenario scenario = Scenario.HEALTHY, double pace = 0.3) {
        sandbox = Sandbox.start(scenario, pace, { log << it })
    }

    int port() {
        (sandbox.ipmiUri() =~ /:(\d+)$/)[0][1] as int
    }

    /** Runs ipmitool against the sandbox; returns its exit code and everything it printed. */
    Map ipmitool(Map options = [:], String... command) {
        def args = ['ipmitool', '-I', 'lanplus', '-H', '127.0.0.1', '-p', port() as String, '-U', options.user ?: Sandbox.USER, '-E',
                    '-N', '1', '-R', '2']
        if (options.suite != 'none') args += ['-C', (options.suite ?: 3) as String]
        def pb = new ProcessBuilder(args + command.toList()).redirectErrorStream(true)
        pb.environment().put('IPMI_PASSWORD', options.password ?: new String(sandbox.password()))
        def p = pb.start()
        p.outputStream.close()
        String out = p.inputStream.getText('UTF-8')
        [code: p.waitFor(), out: out]
    }

    void waitUntil(long ms = 10_000, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + ms
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError('condition did not hold in ' + ms + ' ms')
            sleep 25
        }
    }

    void atLogin() {
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
    }

    @Unroll("chassis power #action: #said")
    def "chassis power commands drive the machine's power, and status reads it back"() {
        given:
        start()
        atLogin()
        if (off) {
            sandbox.machine().reset('ForceOff')
        }

        when:
        def r = ipmitool('chassis', 'power', action)

        then:
        r.code == 0
        r.out.trim() == said
        did == null || sandbox.machine().history().contains(did)
        waitUntil { sandbox.machine().power() == after }
        ipmitool('chassis', 'power', 'status').out.trim() == "Chassis Power is ${after == SimulatedBmc.PowerState.ON ? 'on' : 'off'}"

        where:
        action   | off   || said                            | did                      | after
        'status' | false || 'Chassis Power is on'           | null                     | SimulatedBmc.PowerState.ON
        'off'    | false || 'Chassis Power Control: Down/Off' | 'power ForceOff'       | SimulatedBmc.PowerState.OFF
        'on'     | true  || 'Chassis Power Control: Up/On'  | 'power On'               | SimulatedBmc.PowerState.ON
        'cycle'  | false || 'Chassis Power Control: Cycle'  | 'power PowerCycle'       | SimulatedBmc.PowerState.ON
        'reset'  | false || 'Chassis Power Control: Reset'  | 'power ForceRestart'     | SimulatedBmc.PowerState.ON
        'soft'   | false || 'Chassis Power Control: Soft'   | 'power GracefulShutdown' | SimulatedBmc.PowerState.OFF
    }

    def "a power cycle over IPMI goes through POST and boot again"() {
        given:
        start()
        atLogin()

        when:
        ipmitool('chassis', 'power', 'cycle')

        then:
        waitUntil {
            def trail = sandbox.machine().trail()
            trail.drop(trail.lastIndexOf(Machine.Phase.OFF)).take(3) == [Machine.Phase.OFF, Machine.Phase.POST, Machine.Phase.LINUX_BOOT]
        }
        atLogin()
    }

    def "chassis bootdev pxe sets a one-time override that bootparam get 5 reads back and the next boot uses"() {
        given:
        start()
        atLogin()

        when:
        def set = ipmitool('chassis', 'bootdev', 'pxe')
        def get = ipmitool('chassis', 'bootparam', 'get', '5')

        then:
        set.code == 0
        set.out.trim() == 'Set Boot Device to pxe'
        get.code == 0
        get.out.contains('Boot parameter 5 is valid/unlocked')
        get.out.contains('Boot parameter data: 8004000000')
        get.out.contains('- Boot Flag Valid')
        get.out.contains('- Options apply to only next boot')
        get.out.contains('- Boot Device Selector : Force PXE')
        sandbox.machine().boot() == new SimulatedBmc.BootSetting('Pxe', 'Once')

        when: 'the machine restarts: it boots from the network once, and the override is used up'
        ipmitool('chassis', 'power', 'reset')

        then:
        waitUntil { sandbox.machine().phase() == Machine.Phase.NO_BOOT }
        sandbox.machine().trail().contains(Machine.Phase.NETWORK_BOOT)
        ipmitool('chassis', 'bootparam', 'get', '5').out.contains('- Boot Flag Invalid')
    }

    def "chassis bootdev disk options=persistent is kept for every boot"() {
        given:
        start(Scenario.NO_BOOT_DEVICE)

        when:
        def set = ipmitool('chassis', 'bootdev', 'disk', 'options=persistent')
        def get = ipmitool('chassis', 'bootparam', 'get', '5')

        then:
        set.code == 0
        get.out.contains('Boot parameter data: c008000000')
        get.out.contains('- Options apply to all future boots')
        get.out.contains('- Boot Device Selector : Force Boot from default Hard-Drive')
        sandbox.machine().boot() == new SimulatedBmc.BootSetting('Hdd', 'Continuous')
    }

    def "mc info shows the sandbox BMC's Get Device ID"() {
        given:
        start()

        when:
        def r = ipmitool('mc', 'info')

        then:
        r.code == 0
        r.out =~ /(?m)^Device ID\s+: 32$/
        r.out =~ /(?m)^Firmware Revision\s+: 1\.00$/
        r.out =~ /(?m)^IPMI Version\s+: 2\.0$/
        r.out =~ /(?m)^Manufacturer ID\s+: 32473$/
        r.out =~ /(?m)^Product ID\s+: 22104 \(0x5658\)$/
        r.out =~ /(?m)^Device Available\s+: yes$/
    }

    def "a wrong password makes ipmitool's RAKP 2 check fail, and the machine is not touched"() {
        given:
        start()
        atLogin()

        when:
        def r = ipmitool('chassis', 'power', 'off', password: 'not-the-password')

        then:
        r.code == 1
        r.out.contains('Unable to establish IPMI v2 / RMCP+ session')
        sandbox.machine().power() == SimulatedBmc.PowerState.ON
        !sandbox.machine().history().any { it.startsWith('power') }
    }

    def "an unknown user is refused with RAKP 2 status 0x0d"() {
        given:
        start()

        when:
        def r = ipmitool('chassis', 'power', 'status', user: 'nobody')

        then:
        r.code == 1
        r.out.contains('Unable to establish IPMI v2 / RMCP+ session')
        log.any { it.contains("refused a session") && it.contains("the unknown user 'nobody' (RAKP 2 status 0xd)") }
    }

    @Unroll("cipher suite #suite: #outcome")
    def "cipher suites 3 and 17 work; one without encryption is refused"() {
        given:
        start()

        when:
        def r = ipmitool('chassis', 'power', 'status', suite: suite)

        then:
        r.code == code
        r.out.contains(said)

        where:
        suite  || code | said                                                       | outcome
        3      || 0    | 'Chassis Power is on'                                      | 'works'
        17     || 0    | 'Chassis Power is on'                                      | 'works'
        'none' || 0    | 'Chassis Power is on'                                      | 'found through Get Channel Cipher Suites'
        1      || 1    | 'Error in open session response message : no matching cipher suite' | 'refused'
        2      || 1    | 'Error in open session response message : no matching cipher suite' | 'refused'
    }

    def "sol activate shows the machine's serial text, and answering e2fsck over it makes the machine go on"() {
        given:
        start(Scenario.FSCK, 1.0)
        def sol = Sol.activate(this)

        when:
        sol.waitFor(/Clear<y>\? $/)
        sol.type('y')
        sol.waitFor(/Fix<y>\? $/)
        sol.type('y')
        sol.waitFor(/sandbox login: $/)
        sol.type('\r~.') // ipmitool's escape: ~ then . at the start of a line ends it

        then:
        sol.process.waitFor() == 0
        sol.text().contains('[SOL Session operational.')
        sol.text().contains("Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>? yes\r\n")
        sol.text().contains('/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****\r\n')
        sol.text().contains('~. [terminated ipmitool]')
        sandbox.machine().phase() == Machine.Phase.LOGIN
        waitUntil { log.any { it.contains('serial-over-LAN of session') && it.contains('deactivated by its console') } }
    }

    def "a second sol activate is told SOL is active in another session"() {
        given:
        start(Scenario.HEALTHY, 1.0)
        def first = Sol.activate(this)
        first.waitFor(/SOL Session operational/)

        when:
        def second = ipmitool('sol', 'activate')

        then:
        second.code != 0
        second.out.contains('SOL payload already active on another session')

        cleanup:
        first?.type('~.')
        first?.process?.waitFor()
    }

    /** ipmitool sol activate with its standard input from a pipe (it runs without a terminal then). */
    static class Sol {
        Process process
        final ByteArrayOutputStream out = new ByteArrayOutputStream()

        static Sol activate(IpmiBmcIpmitoolSpec spec) {
            def args = ['ipmitool', '-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', spec.port() as String, '-U', Sandbox.USER, '-E',
                        'sol', 'activate']
            def pb = new ProcessBuilder(args).redirectErrorStream(true)
            pb.environment().put('IPMI_PASSWORD', new String(spec.sandbox.password()))
            def sol = new Sol(process: pb.start())
            Thread.startDaemon('ipmitool sol') {
                byte[] buf = new byte[4096]
                int n
                while ((n = sol.process.inputStream.read(buf)) > 0) {
                    synchronized (sol.out) { sol.out.write(buf, 0, n) }
                }
            }
            sol
        }

        String text() {
            synchronized (out) { new String(out.toByteArray(), StandardCharsets.UTF_8) }
        }

        void type(String s) {
            process.outputStream.write(s.getBytes(StandardCharsets.UTF_8))
            process.outputStream.flush()
        }

        void waitFor(String regex) {
            long deadline = System.currentTimeMillis() + 15_000
            while (!(text() =~ regex)) {
                if (System.currentTimeMillis() > deadline || !process.alive) throw new AssertionError("no /$regex/ from ipmitool sol:\n${text()}")
                sleep 25
            }
        }
    }
}
