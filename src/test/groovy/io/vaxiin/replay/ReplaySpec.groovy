package io.vaxiin.replay

import io.vaxiin.connector.Boot
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.KeyCombo
import io.vaxiin.connector.Power
import io.vaxiin.dsl.Redactor
import io.vaxiin.recording.Recording
import io.vaxiin.recording.RecordingException
import spock.lang.Specification

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

/**
 * The replay's rules on recordings written by hand in the documented format: what is shown when,
 * in virtual time; what counts as the recorded action; what a recorded BMC error does.
 */
class ReplaySpec extends Specification {

    Path dir = Files.createTempDirectory('replay')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    /** A recording of {@code events} (JSON lines after the start event), with frames a..f as tiny PNGs. */
    private Recording recording(String connectors = '"console":"VNC at x","power":"IPMI at x","boot":"IPMI at x","serial":"SOL at x"', List<String> events) {
        Files.createDirectories(dir.resolve('frames'))
        ('a'..'f').eachWithIndex { String c, int i ->
            def image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB)
            image.setRGB(0, 0, 0x100000 * (i + 1))
            ImageIO.write(image, 'png', dir.resolve("frames/${c * 12}.png").toFile())
            Files.writeString(dir.resolve("frames/${c * 12}.txt"), "screen $c\n")
        }
        Files.write(dir.resolve('events.jsonl'), ['{"t":0,"event":"start","format":"vaxiin-recording 1","started":"2026-12-01T03:00:00Z","target":"web-01",' + connectors + '}'] + events)
        Recording.read(dir)
    }

    private static String frame(double t, String c) { """{"t":$t,"event":"frame","frame":"${c * 12}","width":4,"height":4}""" }

    def "a screen recorded five minutes after the last one comes at once, with the clock five minutes on; what came after an action waits for it"() {
        given:
        def rec = recording([frame(0, 'a'), frame(300, 'b'), '{"t":301,"event":"type","text":"y","on":"console","frame":"bbbbbbbbbbbb"}', frame(302, 'c')])
        def time = new VirtualTime(Instant.parse('2026-12-01T03:00:00Z'))
        def replay = new Replay(rec, time)
        def console = new ReplayConnectors(replay, new Redactor()).console()
        long began = System.nanoTime()

        when:
        def first = console.frame(Duration.ofSeconds(1))
        def second = console.awaitChange(first.version(), Duration.ofMinutes(10))
        def stillSecond = console.awaitChange(second.version(), Duration.ofMinutes(1))

        then:
        Recording.image(rec.frame('a' * 12)).getRGB(0, 0) == first.image().getRGB(0, 0)
        second.image().getRGB(0, 0) == Recording.image(rec.frame('b' * 12)).getRGB(0, 0)
        stillSecond.version() == second.version() // c comes only after the y
        time.skipped() >= Duration.ofSeconds(359).toNanos()
        System.nanoTime() - began < Duration.ofSeconds(30).toNanos()

        when:
        console.type('y')
        def third = console.awaitChange(second.version(), Duration.ofSeconds(5))

        then:
        third.image().getRGB(0, 0) == Recording.image(rec.frame('c' * 12)).getRGB(0, 0)
        replay.done() == 1
        replay.mismatch() == null
    }

    def "keys compare as strokes: y then Enter is 'y\\n'; another key is refused, and the refusal is kept even if the script goes on"() {
        given:
        def rec = recording([frame(0, 'a'), '{"t":1,"event":"type","text":"y\\n","on":"console","frame":"aaaaaaaaaaaa"}', frame(2, 'b'),
                            '{"t":3,"event":"press","keys":"F1","on":"console","frame":"bbbbbbbbbbbb"}'])
        def replay = new Replay(rec, new VirtualTime(Instant.EPOCH))
        def console = new ReplayConnectors(replay, new Redactor()).console()

        when:
        console.type('y')
        console.press(KeyCombo.parse('Enter'))

        then:
        replay.done() == 1

        when:
        console.press(KeyCombo.parse('F2'))

        then:
        def e = thrown(ConnectorException)
        e.message.startsWith("the recording does not know this action: the script did press 'F2' at 0:0")
        e.message.endsWith("where the recorded server was given press 'F1' (at 0:03.0)")
        replay.mismatch() == e.message

        when: 'the script caught it and pressed the right key'
        console.press(KeyCombo.parse('F1'))

        then: 'the replay goes on, and still remembers the first wrong action'
        replay.done() == 2
        replay.mismatch() == e.message
    }

    def "a power action the recorded BMC failed fails again; an equivalent action is the recorded one; a boot override is judged by its device"() {
        given:
        def rec = recording([frame(0, 'a'),
                             '{"t":1,"event":"power","action":"cycle","frame":"aaaaaaaaaaaa"}',
                             '{"t":2,"event":"power-done","action":"cycle","error":{"kind":"NOT_VERIFIED","message":"IPMI at x: the power stayed off"}}',
                             '{"t":3,"event":"power-state","state":"off"}',
                             '{"t":4,"event":"boot","device":"disk","once":true,"frame":"aaaaaaaaaaaa"}',
                             '{"t":5,"event":"boot-done","device":"disk","error":null}',
                             '{"t":5.1,"event":"boot-state","device":"disk","once":true}'])
        def replay = new Replay(rec, new VirtualTime(Instant.EPOCH))
        def connectors = new ReplayConnectors(replay, new Redactor())
        def power = connectors.power()
        def boot = connectors.boot()

        when:
        power.power(Power.Action.RESET, Duration.ofSeconds(60))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.NOT_VERIFIED
        e.message == 'IPMI at x: the power stayed off (as the recorded BMC answered at 0:01.0)'
        replay.mismatch() == null

        when:
        boot.boot(Boot.Device.PXE, true, Duration.ofSeconds(60))

        then:
        thrown(ConnectorException)
        replay.mismatch().contains("the script did boot 'pxe', once: true")

        when:
        boot.boot(Boot.Device.DISK, false, Duration.ofSeconds(60))
        new ReplayConnectors(replay, new Redactor()).console().awaitChange(-1, Duration.ofSeconds(10))

        then:
        replay.done() == 2
        boot.current() == new Boot.Setting(Boot.Device.DISK, true)
        power.state() == Power.State.OFF
    }

    def "serial text is rebuilt as recorded: a line rewritten keeps what came before it"() {
        given:
        def rec = recording([frame(0, 'a'),
                             '{"t":1,"event":"serial","keep":0,"text":"Booting\\nprogress 10%"}',
                             '{"t":2,"event":"serial","keep":8,"text":"progress 100%\\nlogin: "}'])
        def replay = new Replay(rec, new VirtualTime(Instant.EPOCH))
        def serial = new ReplayConnectors(replay, new Redactor()).serial()

        when:
        def before = serial.recent()
        def one = serial.awaitChange(before.version(), Duration.ofSeconds(10))
        def two = serial.awaitChange(one.version(), Duration.ofSeconds(10))

        then:
        before.text() == ''
        one.text() == 'Booting\nprogress 10%'
        two.text() == 'Booting\nprogress 100%\nlogin: '
        two.lineStart() == 'Booting\nprogress 100%\n'.length()
    }

    def "a connector the recorded server did not have is absent; a recording of another format or with a frame missing is refused with file and line"() {
        when:
        def rec = recording('"console":"VNC at x","power":null,"boot":null,"serial":null', [frame(0, 'a')])
        def connectors = new ReplayConnectors(new Replay(rec, new VirtualTime(Instant.EPOCH)), new Redactor())

        then:
        connectors.console() != null
        connectors.power() == null
        connectors.serial() == null

        when:
        Files.writeString(dir.resolve('events.jsonl'), '{"t":0,"event":"start","format":"asciicast 2"}\n')
        Recording.read(dir)

        then:
        def e = thrown(RecordingException)
        e.message.endsWith("events.jsonl, line 1: not a recording of this version (it should start with a start event of format 'vaxiin-recording 1')")

        when: 'a finished recording lacks a picture'
        Files.write(dir.resolve('events.jsonl'), ['{"t":0,"event":"start","format":"vaxiin-recording 1"}', frame(1, '0'),
                                                  '{"t":2,"event":"end","outcome":"recovered","message":"","location":""}'])
        Recording.read(dir)

        then:
        def missing = thrown(RecordingException)
        missing.message.contains('events.jsonl, line 2: the frame 000000000000 is missing')

        when: 'a recording whose run was killed lacks its last picture (written once its text is read)'
        Files.write(dir.resolve('events.jsonl'), ['{"t":0,"event":"start","format":"vaxiin-recording 1"}', frame(1, '0')])
        def cut = Recording.read(dir)

        then: 'it is read up to there'
        cut.events()*.kind() == ['start']
    }
}
