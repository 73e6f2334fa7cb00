package io.vaxiin.sandbox.ipmi

import io.vaxiin.connector.Boot
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Power
import io.vaxiin.connector.ipmi.CipherSuite
import io.vaxiin.connector.ipmi.IpmiChassis
import io.vaxiin.connector.ipmi.IpmiConfig
import io.vaxiin.connector.ipmi.IpmiMessage
import io.vaxiin.connector.ipmi.Rmcp
import io.vaxiin.connector.ipmi.SessionKeys
import io.vaxiin.connector.ipmi.SolConsole
import io.vaxiin.sandbox.Machine
import io.vaxiin.sandbox.Sandbox
import io.vaxiin.sandbox.Scenario
import io.vaxiin.sandbox.redfish.SimulatedBmc
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Timeout

import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

import static io.vaxiin.connector.serial.SerialRig.waitFor

/**
 * The sandbox's IPMI BMC with the project's own clients (IpmiChassis, SolConsole), and its
 * session and SOL rules seen packet by packet through a raw RMCP+ session of the client.
 */
@Timeout(60)
class IpmiBmcClientSpec extends Specification {

    @AutoCleanup Sandbox sandbox
    final List<String> log = new CopyOnWriteArrayList<>()
    final List<AutoCloseable> clients = []

    def cleanup() {
        clients.reverse().each { it.close() }
    }

    void start(Scenario scenario = Scenario.HEALTHY, double pace = 0.3) {
        sandbox = Sandbox.start(scenario, pace, { log << it })
    }

    IpmiConfig config(String uri = sandbox.ipmiUri(), char[] password = sandbox.password(), CipherSuite suite = CipherSuite.SUITE_3) {
        IpmiConfig.fromUri(uri).username(Sandbox.USER).password(password).cipherSuite(suite)
                .requestTimeout(Duration.ofMillis(300)).retries(2).build()
    }

    def <T extends AutoCloseable> T keep(T client) {
        clients << client
        client
    }

    void waitUntil(long ms = 10_000, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + ms
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError('condition did not hold in ' + ms + ' ms')
            sleep 25
        }
    }

    def "IpmiChassis reads the BMC's facts and verifies every boot override and power action"() {
        given:
        start()
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
        def chassis = keep(IpmiChassis.connect(config(sandbox.ipmiUri(), sandbox.password(), suite)))
        def verify = Duration.ofSeconds(5)

        when:
        def facts = chassis.facts()
        then:
        facts.manufacturerId() == IpmiBmc.MANUFACTURER_ID
        facts.productId() == IpmiBmc.PRODUCT_ID
        facts.firmware() == '1.00'
        facts.ipmiVersion() == '2.0'
        chassis.state() == Power.State.ON

        when: 'boot overrides while the machine idles at its login prompt (a boot would use up a one-time one)'
        chassis.boot(Boot.Device.PXE, true, verify)
        then:
        chassis.current() == new Boot.Setting(Boot.Device.PXE, true)
        sandbox.machine().boot() == new SimulatedBmc.BootSetting('Pxe', 'Once')

        when:
        chassis.boot(Boot.Device.BIOS, false, verify)
        then:
        chassis.current() == new Boot.Setting(Boot.Device.BIOS, false)
        sandbox.machine().boot() == new SimulatedBmc.BootSetting('BiosSetup', 'Continuous')

        when:
        chassis.boot(Boot.Device.NONE, false, verify)
        then:
        sandbox.machine().boot() == SimulatedBmc.BootSetting.NONE

        when:
        chassis.power(Power.Action.OFF, verify)
        then:
        sandbox.machine().power() == SimulatedBmc.PowerState.OFF

        when:
        chassis.power(Power.Action.ON, verify)
        chassis.power(Power.Action.CYCLE, verify)
        chassis.power(Power.Action.RESET, verify)
        then:
        sandbox.machine().history().findAll { it.startsWith('power') } == ['power ForceOff', 'power On', 'power ForceOff', 'power On', 'power ForceRestart']

        when: 'a soft shutdown, which the booted operating system carries out'
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
        chassis.power(Power.Action.SOFT, verify)
        then:
        chassis.state() == Power.State.OFF
        sandbox.machine().history().last() == 'power GracefulShutdown'

        where:
        suite << [CipherSuite.SUITE_3, CipherSuite.SUITE_17]
    }

    def "the client's RAKP 2 check fails with a wrong password, and it tells the BMC in RAKP 3"() {
        given:
        start()

        when:
        IpmiChassis.connect(config(sandbox.ipmiUri(), 'wrong-password'.toCharArray()))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.AUTHENTICATION
        e.message.contains("the BMC's RAKP 2 key-exchange code does not match this password")
        waitUntil { log.any { it.contains('gave up in RAKP 3 with status 0xf') } }
    }

    def "an unknown user is refused with RAKP 2 status 0x0d"() {
        given:
        start()

        when:
        IpmiChassis.connect(IpmiConfig.fromUri(sandbox.ipmiUri()).username('nobody').password(sandbox.password()).build())

        then:
        def e = thrown(ConnectorException)
        e.message.contains("refused the user 'nobody': RAKP 2 status 0x0d (unauthorized name)")
    }

    def "SolConsole reads the kernel panic's text from the serial line"() {
        given: 'a machine at its normal pace: SOL is up well before the kernel panics'
        start(Scenario.KERNEL_PANIC, 1.0)
        def sol = keep(SolConsole.connect(config(sandbox.solUri()), {}))

        expect:
        waitFor(sol, 0, /Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\(0,0\)\n/)
        waitFor(sol, 0, /---\[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\(0,0\) \]---/)
        sol.describe() == "SOL at 127.0.0.1:${sandbox.ipmiUri().replaceAll(/.*:/, '')}"
    }

    def "SolConsole types on the login prompt"() {
        given:
        start()
        def sol = keep(SolConsole.connect(config(sandbox.solUri()), {}))
        sandbox.machine().reset('ForceRestart')
        waitFor(sol, 0, /sandbox login: $/)
        long at = sol.recent().end()

        when:
        sol.type('root\n')

        then:
        waitFor(sol, at, /^root\nPassword: $/)
    }

    // ---- packet by packet: a raw session of the client's (its package-private IpmiSession) ------

    def session() {
        keep(io.vaxiin.connector.ipmi.IpmiSession.open(config()))
    }

    def "a packet whose integrity code is wrong is dropped, and so is one sent twice"() {
        given:
        start()
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
        def s = session()
        def powerDown = IpmiMessage.request(0x00, 0x02, 9, [0] as byte[])

        when: 'Chassis Control (power down) signed and encrypted with keys that are not the session\'s'
        def forged = new SessionKeys(CipherSuite.SUITE_3, SessionKeys.random(20))
        s.sendOnce(Rmcp.v20(Rmcp.IPMI, s.@bmcSessionId, 1000, powerDown, forged))
        sleep 300

        then:
        sandbox.machine().power() == SimulatedBmc.PowerState.ON
        log.any { it.contains('dropped integrity check failed') }

        when: 'a harmless request, then the very same datagram again'
        def datagram = Rmcp.v20(Rmcp.IPMI, s.@bmcSessionId, 2000, IpmiMessage.request(0x06, 0x01, 10, new byte[0]), s.@keys)
        s.sendOnce(datagram)
        s.sendOnce(datagram)

        then:
        waitUntil { log.any { it.contains('with a sequence number already seen or too old (2000)') } }
    }

    def "SOL sends a packet again until it is acknowledged, then goes on with the next number"() {
        given:
        start()
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
        def s = session()
        List<byte[]> seen = new CopyOnWriteArrayList<>()
        s.onSol { Rmcp.Packet p -> seen << p.payload() }
        def activate = s.request('Activate Payload', 0x06, 0x48, [1, 1, 0xc0, 0, 0, 0] as byte[])
        seen.clear()

        when: 'the machine prints a line, and the console does not acknowledge it'
        sandbox.machine().serial().print('hello\n')
        waitUntil(3000) { seen.size() >= 2 }

        then: 'the same packet came again: the same sequence number, the same characters'
        activate.completion() == 0
        seen[0][0] == seen[1][0]
        new String(seen[0], 4, seen[0].length - 4, 'UTF-8') == 'hello\r\n'
        new String(seen[1], 4, seen[1].length - 4, 'UTF-8') == 'hello\r\n'

        when: 'it is acknowledged, and more comes'
        int first = seen[0][0]
        s.sendSol([0, first, 7, 0] as byte[])
        sleep 700
        int before = seen.size()
        sandbox.machine().serial().print('next\n')
        waitUntil(3000) { seen.size() > before }

        then: 'no more retransmits of the first; the next has the next number'
        seen.drop(before).every { it[0] == first % 15 + 1 }
        new String(seen[before], 4, seen[before].length - 4, 'UTF-8') == 'next\r\n'
    }

    def "a SOL packet sent again by the console is acknowledged again but typed once"() {
        given:
        start()
        waitUntil { sandbox.machine().phase() == Machine.Phase.LOGIN }
        def s = session()
        List<byte[]> seen = new CopyOnWriteArrayList<>()
        s.onSol { Rmcp.Packet p -> seen << p.payload() }
        s.request('Activate Payload', 0x06, 0x48, [1, 1, 0xc0, 0, 0, 0] as byte[])

        when:
        def packet = [3, 0, 0, 0, 0x71] as byte[] // sequence 3, the character q
        s.sendSol(packet)
        sleep 200
        s.sendSol(packet)
        waitUntil(3000) { seen.count { it[0] == 0 && it[1] == 3 } == 2 }
        sleep 200

        then: 'two acknowledgements, each accepting one character; one q reached the machine'
        seen.findAll { it[0] == 0 && it[1] == 3 }.every { it[2] == 1 }
        sandbox.machine().history().count { it == 'key q' } == 1
    }

    def "SOL is active in one session at a time: another gets 0x80, may deactivate it, and the first is told"() {
        given:
        start()
        def first = session()
        List<byte[]> seen = new CopyOnWriteArrayList<>()
        first.onSol { Rmcp.Packet p -> seen << p.payload() }
        def second = session()
        def sol = [1, 1, 0xc0, 0, 0, 0] as byte[]

        expect:
        first.request('Activate Payload', 0x06, 0x48, sol).completion() == 0
        second.request('Activate Payload', 0x06, 0x48, sol).completion() == 0x80
        second.request('Get Payload Activation Status', 0x06, 0x4a, [1] as byte[]).data() == [1, 1, 0] as byte[]
        second.request('Deactivate Payload', 0x06, 0x49, sol).completion() == 0
        second.request('Deactivate Payload', 0x06, 0x49, sol).completion() == 0x80
        second.request('Get Payload Activation Status', 0x06, 0x4a, [1] as byte[]).data() == [1, 0, 0] as byte[]
        waitUntil(2000) { seen.any { (it[3] & 0x10) != 0 } }
    }

    def "power needs operator privilege: a user-privilege session is refused with 0xd4"() {
        given:
        start()
        def s = keep(io.vaxiin.connector.ipmi.IpmiSession.open(IpmiConfig.fromUri(sandbox.ipmiUri()).username(Sandbox.USER)
                .password(sandbox.password()).privilege(IpmiConfig.Privilege.USER).build()))

        expect:
        s.request('Chassis Control', 0x00, 0x02, [0] as byte[]).completion() == 0xd4
        s.request('Get Chassis Status', 0x00, 0x01, new byte[0]).completion() == 0
        sandbox.machine().power() == SimulatedBmc.PowerState.ON
    }
}
