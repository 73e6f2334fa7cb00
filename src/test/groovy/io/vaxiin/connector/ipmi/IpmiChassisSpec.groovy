package io.vaxiin.connector.ipmi

import io.vaxiin.connector.Boot
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Power
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.time.Duration

/**
 * The IPMI client against OpenIPMI's ipmi_sim (a real IPMI v2.0 LAN BMC) whose chassis is a
 * script of the rig's: every power and boot action verified by the client, cross-checked by
 * what ipmi_sim told the chassis to do and by ipmitool reading the BMC.
 */
class IpmiChassisSpec extends Specification {

    @Shared @AutoCleanup IpmiRig.Chassis bmc = IpmiRig.chassis(power: 'off')
    @Shared @AutoCleanup IpmiChassis chassis

    def setupSpec() {
        chassis = IpmiChassis.connect(config().build())
    }

    private IpmiConfig.Builder config(IpmiRig.User user = IpmiRig.ADMIN) {
        IpmiConfig.builder('127.0.0.1', bmc.port).username(user.name).password(user.password.toCharArray())
    }

    private String ipmitoolPower() {
        def run = bmc.ipmitool('chassis', 'power', 'status')
        assert run.exit == 0: run
        run.out.trim()
    }

    def "Get Device ID gives the manufacturer, product and firmware that ipmitool reads"() {
        when:
        def info = bmc.ipmitool('mc', 'info')

        then:
        info.out =~ /Manufacturer ID\s*:\s*${chassis.facts().manufacturerId()}\b/
        info.out =~ /Product ID\s*:\s*${chassis.facts().productId()} /
        info.out =~ /Firmware Revision\s*:\s*${java.util.regex.Pattern.quote(chassis.facts().firmware())}/
        chassis.facts().ipmiVersion() == '2.0'
        chassis.facts().vendor() == Manufacturers.vendor(chassis.facts().manufacturerId())
        chassis.facts().model() == String.format('product 0x%04x', chassis.facts().productId())
    }

    def "power on, off, cycle, reset and soft are each verified, done by ipmi_sim's chassis, and read back by ipmitool"() {
        when: 'on from off'
        int from = bmc.calls().size()
        chassis.power(Power.Action.ON, Duration.ofSeconds(10))

        then:
        chassis.state() == Power.State.ON
        bmc.callsSince(from).contains('set power 1')
        ipmitoolPower() == 'Chassis Power is on'

        when: 'reset'
        from = bmc.calls().size()
        chassis.power(Power.Action.RESET, Duration.ofSeconds(10))

        then:
        bmc.callsSince(from).contains('set reset 1')
        chassis.state() == Power.State.ON

        when: 'cycle: off, then on, each verified'
        from = bmc.calls().size()
        chassis.power(Power.Action.CYCLE, Duration.ofSeconds(10))

        then:
        bmc.callsSince(from).findAll { it.startsWith('set power') } == ['set power 0', 'set power 1']
        ipmitoolPower() == 'Chassis Power is on'

        when: 'off'
        chassis.power(Power.Action.OFF, Duration.ofSeconds(10))

        then:
        chassis.state() == Power.State.OFF
        ipmitoolPower() == 'Chassis Power is off'

        when: 'on again, then soft off (the rig turns the power off on an ACPI shutdown)'
        chassis.power(Power.Action.ON, Duration.ofSeconds(10))
        from = bmc.calls().size()
        chassis.power(Power.Action.SOFT, Duration.ofSeconds(10))

        then:
        bmc.callsSince(from).any { it.startsWith('set shutdown') }
        ipmitoolPower() == 'Chassis Power is off'
    }

    def "a reset of a server that is off is refused with a sentence, not sent"() {
        given:
        chassis.power(Power.Action.OFF, Duration.ofSeconds(10))
        int from = bmc.calls().size()

        when:
        chassis.power(Power.Action.RESET, Duration.ofSeconds(5))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.REFUSED
        e.message == "IPMI at 127.0.0.1:${bmc.port}: the server is off, and a reset needs it on (use power 'on' or 'cycle')"
        !bmc.callsSince(from).any { it.startsWith('set reset') }
    }

    @Unroll("boot #device (once: #once) is set through Set System Boot Options and read back, as ipmi_sim's chassis and ipmitool see it")
    def "boot overrides"() {
        when:
        chassis.boot(device, once, Duration.ofSeconds(5))

        then:
        bmc.bootFile() == simName
        bmc.ipmitool('chassis', 'bootparam', 'get', '5').out.contains(ipmitoolName)

        where:
        device           | once  || simName   | ipmitoolName
        Boot.Device.PXE  | true  || 'pxe'     | 'Force PXE'
        Boot.Device.DISK | true  || 'default' | 'Force Boot from default Hard-Drive'
        Boot.Device.CD   | false || 'cdrom'   | 'Force Boot from CD/DVD'
        Boot.Device.BIOS | true  || 'bios'    | 'Force Boot into BIOS Setup'
    }

    def "a chassis that refuses the power action (the BMC answers 0xff) is a REFUSED one-liner naming the action and the code"() {
        given:
        chassis.power(Power.Action.OFF, Duration.ofSeconds(10))
        bmc.failCalls('set power')

        when:
        chassis.power(Power.Action.ON, Duration.ofSeconds(5))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.REFUSED || e.kind() == ConnectorException.Kind.NOT_VERIFIED
        e.message.startsWith("IPMI at 127.0.0.1:${bmc.port} ")
        e.message.contains('power up')

        cleanup:
        bmc.failCalls()
    }

    def "a session left idle longer than the BMC keeps it is renewed before the next action"() {
        given:
        def fast = IpmiChassis.connect(config().build())

        when: 'the session is closed behind the client (as a BMC ends an idle one)'
        fast.@session.close()
        fast.@session.@lastSent = System.nanoTime() - Duration.ofMinutes(1).toNanos()

        then:
        fast.state() in [Power.State.ON, Power.State.OFF]

        cleanup:
        fast?.close()
    }

    @Unroll("#scenario: exit-3 kind #kind, one line, no password")
    def "credentials and settings the BMC refuses"() {
        when:
        IpmiChassis.connect(builder.call(this).build()).close()

        then:
        def e = thrown(ConnectorException)
        e.kind() == kind
        e.isReachability()
        e.message.startsWith("IPMI at 127.0.0.1:${bmc.port} ")
        e.message.contains(words)
        !e.message.contains('password') || words.contains('password')
        !e.message.contains('hunter2')

        where:
        scenario         | builder                                                                                     || kind                                      | words
        'wrong password' | { config().password('hunter2'.toCharArray()) }                                             || ConnectorException.Kind.AUTHENTICATION   | "refused the credentials of user 'admin': the BMC's RAKP 2 key-exchange code does not match this password"
        'unknown user'   | { config().username('bob') }                                                               || ConnectorException.Kind.AUTHENTICATION   | "refused the user 'bob': RAKP 2 status 0x0d (unauthorized name)"
        'cipher suite'   | { config().cipherSuite(CipherSuite.SUITE_17) }                                             || ConnectorException.Kind.AUTHENTICATION   | 'does not offer cipher suite 17'
    }

    def "a session with too little privilege for power control gets one REFUSED line naming the code (ipmi_sim does not enforce a user's limit, only the session's)"() {
        given:
        def viewer = IpmiChassis.connect(config(IpmiRig.VIEWER).privilege(IpmiConfig.Privilege.USER).build())

        when:
        viewer.power(Power.Action.CYCLE, Duration.ofSeconds(5))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.REFUSED
        e.message ==~ /IPMI at 127\.0\.0\.1:${bmc.port} refused power (up|down): completion code 0xd4 \(insufficient privilege\)/

        cleanup:
        viewer?.close()
    }

    def "a BMC that never answers ends within 30 s with one line naming host, port and what was tried"() {
        given: 'a UDP port where nothing answers (a socket that reads and says nothing)'
        def silent = new UdpPeer({ byte[] r -> [] })

        when:
        long started = System.nanoTime()
        IpmiChassis.connect(IpmiConfig.builder('127.0.0.1', silent.port).username('admin').password('x'.toCharArray()).build())

        then:
        def e = thrown(ConnectorException)
        long seconds = (System.nanoTime() - started) / 1_000_000_000
        seconds < 30
        e.kind() == ConnectorException.Kind.UNREACHABLE
        e.message == "IPMI at 127.0.0.1:${silent.port}: no answer to Get Channel Authentication Capabilities after 4 tries over 10 s" +
                " (is IPMI over LAN enabled on the BMC, and is UDP port ${silent.port} right?)"
        silent.received == 4

        cleanup:
        silent?.close()
    }
}
