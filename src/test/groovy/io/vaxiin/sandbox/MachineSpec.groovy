package io.vaxiin.sandbox

import io.vaxiin.connector.Boot
import io.vaxiin.connector.Power
import io.vaxiin.connector.redfish.RedfishClient
import io.vaxiin.connector.redfish.RedfishConfig
import io.vaxiin.connector.rfb.RfbConfig
import io.vaxiin.connector.rfb.RfbConsole
import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.vision.GridTextReader
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import javax.imageio.ImageIO
import java.nio.file.Path
import java.time.Duration

/** The simulated server behaves like a machine, seen through its real protocols. */
class MachineSpec extends Specification {

    static final double FAST = 0.3

    @AutoCleanup Sandbox sandbox
    @AutoCleanup RfbConsole console
    @AutoCleanup RedfishClient bmc
    @TempDir Path dir
    GridTextReader reader = new GridTextReader()

    void start(Scenario scenario) {
        sandbox = Sandbox.start(scenario, FAST, {})
        console = RfbConsole.connect(RfbConfig.fromUri(sandbox.consoleUri()).build())
        bmc = RedfishClient.connect(RedfishConfig.builder().uri(sandbox.powerUri()).credentials(Sandbox.USER, sandbox.password()).build())
    }

    /** Waits up to 10 s until the console shows {@code regex}; returns the screen's text. */
    String waitFor(String regex) {
        long deadline = System.nanoTime() + 10_000_000_000L
        def frame = console.frame(Duration.ofSeconds(10))
        while (true) {
            String text = reader.read(frame.image()).text()
            if (text =~ regex) return text
            if (System.nanoTime() > deadline) throw new AssertionError("no /$regex/ on the screen:\n$text")
            frame = console.awaitChange(frame.version(), Duration.ofMillis(500))
        }
    }

    /** The phases since the machine last went off, once {@code done} holds for them (up to {@code ms}). */
    List<Machine.Phase> afterLastOff(long ms, Closure<Boolean> done) {
        long deadline = System.currentTimeMillis() + ms
        while (true) {
            def trail = sandbox.machine().trail()
            def after = trail.drop(trail.lastIndexOf(Machine.Phase.OFF))
            if (done(after) || System.currentTimeMillis() > deadline) return after
            sleep 50
        }
    }

    def "a power cycle goes through POST and boot again"() {
        given:
        start(Scenario.HEALTHY)
        waitFor(/sandbox login:/)

        when:
        bmc.power(Power.Action.CYCLE, Duration.ofSeconds(10))

        then: 'the machine went off, through POST and boot, back to the login prompt'
        sandbox.machine().history().contains('power PowerCycle')
        def after = afterLastOff(10_000) { it.last() == Machine.Phase.LOGIN }
        after.take(3) == [Machine.Phase.OFF, Machine.Phase.POST, Machine.Phase.LINUX_BOOT]
        waitFor(/sandbox login:/)
    }

    def "a boot override changes what boots, once"() {
        given: 'a machine whose boot order starts with an empty network'
        start(Scenario.NO_BOOT_DEVICE)
        waitFor(/No bootable device\./)

        when:
        bmc.boot(Boot.Device.DISK, true, Duration.ofSeconds(5))
        bmc.power(Power.Action.RESET, Duration.ofSeconds(10))

        then: 'it boots the disk, and the one-time override is used up'
        waitFor(/sandbox login:/)
        bmc.current().device() == Boot.Device.NONE

        when: 'reset again without an override'
        bmc.power(Power.Action.RESET, Duration.ofSeconds(10))

        then:
        waitFor(/No more network devices/)
    }

    def "keys reach the program on the screen; 'n' at fsck leads to the emergency shell"() {
        given:
        start(Scenario.FSCK)
        waitFor(/Clear<y>\?/)

        when:
        console.type('n')

        then:
        waitFor(/Give root password for maintenance/)
        sandbox.machine().phase() == Machine.Phase.EMERGENCY
    }

    def "a panicked kernel ignores keys and a graceful shutdown: the BMC said yes and nothing happened"() {
        given:
        start(Scenario.KERNEL_PANIC)
        waitFor(/Kernel panic - not syncing/)

        when:
        console.press(io.vaxiin.connector.KeyCombo.parse('ctrl-alt-delete'))
        bmc.power(Power.Action.SOFT, Duration.ofSeconds(2))

        then:
        def e = thrown(io.vaxiin.connector.ConnectorException)
        e.kind() == io.vaxiin.connector.ConnectorException.Kind.NOT_VERIFIED
        sandbox.machine().phase() == Machine.Phase.PANIC
    }

    def "the BSOD is a 1024x768 graphical screen, read exactly"() {
        given:
        start(Scenario.BSOD)

        expect:
        waitFor(/Stop code: CRITICAL_PROCESS_DIED/)
        console.frame(Duration.ofSeconds(1)).width() == 1024
    }

    def "DMTF's redfishtool drives the sandbox's machine"() {
        given:
        start(Scenario.HEALTHY)
        waitFor(/sandbox login:/)
        def pw = dir.resolve('pw')
        pw.toFile().text = new String(sandbox.password())
        def port = URI.create(sandbox.powerUri().replace('redfish+http', 'http')).port

        when:
        def reset = ['redfishtool', '-r', "127.0.0.1:$port", '-S', 'Never', '-u', Sandbox.USER, '-p', new String(sandbox.password()),
                     'Systems', 'reset', 'ForceRestart'].execute()
        reset.waitFor()

        then:
        reset.exitValue() == 0
        sandbox.machine().history().contains('power ForceRestart')
        sandbox.machine().trail().count(Machine.Phase.POST) == 2
    }

    def "gtk-vnc's gvnccapture takes the sandbox's screen as served"() {
        given:
        RfbRig.require('gvnccapture')
        start(Scenario.HEALTHY)
        waitFor(/sandbox login:/)
        int port = URI.create(sandbox.consoleUri()).port
        def png = dir.resolve('capture.png')

        when: 'gvnccapture needs a display number: a port >= 5900'
        def proxy = new ServerSocket(RfbRig.freePortBetween(5900, 5999), 1, InetAddress.loopbackAddress)
        Thread.start {
            proxy.accept().withCloseable { client ->
                new Socket('127.0.0.1', port).withCloseable { server ->
                    def a = Thread.start { server.inputStream.transferTo(client.outputStream); client.shutdownOutput() }
                    client.inputStream.transferTo(server.outputStream)
                    a.join(10_000)
                }
            }
        }
        def capture = ['gvnccapture', '-q', "127.0.0.1:${proxy.localPort - 5900}", png.toString()].execute()
        boolean finished = capture.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)

        then:
        finished && capture.exitValue() == 0
        reader.read(ImageIO.read(png.toFile())).text() =~ /sandbox login:/

        cleanup:
        proxy?.close()
    }
}
