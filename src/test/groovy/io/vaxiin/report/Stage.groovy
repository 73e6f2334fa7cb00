package io.vaxiin.report

import io.vaxiin.connector.Console
import io.vaxiin.connector.Frame
import io.vaxiin.connector.KeyCombo
import io.vaxiin.connector.TimeSource
import io.vaxiin.dsl.Redactor
import io.vaxiin.dsl.RunLog
import io.vaxiin.recording.Event
import io.vaxiin.recording.Recorders
import io.vaxiin.recording.Recording
import io.vaxiin.recording.RecordingWriter
import io.vaxiin.vision.ScreenText
import io.vaxiin.vision.TextReader

import java.awt.Color
import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.time.Duration
import java.time.Instant

/**
 * A recording made in a spec, at times it sets: {@code at(1.5)} moves the clock, {@code show(picture, text)}
 * puts a screen up and records it as the run would see it, {@code type('y')} types on the
 * recorded console, {@code log}, {@code serial} and {@code event} add the other kinds.
 */
class Stage {

    /** A clock that moves only when told. */
    static class HandTime implements TimeSource {
        long nanos
        final Instant base = Instant.parse('2026-01-01T09:00:00Z')

        long nanoTime() { nanos }

        void sleep(long n) { nanos += n }

        Instant instant() { base.plusNanos(nanos) }
    }

    /** A console whose screens the spec puts up; it is its own text reader. */
    static class Screens implements Console, TextReader {
        final HandTime time
        final Map<BufferedImage, String> texts = Collections.synchronizedMap(new IdentityHashMap<>())
        Frame current
        long version

        Screens(HandTime time) { this.time = time }

        synchronized Frame frame(Duration timeout) { current }

        synchronized Frame awaitChange(long since, Duration timeout) { current }

        void press(KeyCombo keys) {}

        void type(String text) {}

        String describe() { 'a stage console' }

        void close() {}

        ScreenText read(BufferedImage image) { new ScreenText((texts.get(image) ?: '').split('\n', -1) as List, 'stage') }
    }

    final HandTime time = new HandTime()
    final Screens screens = new Screens(time)
    final RecordingWriter writer = RecordingWriter.inMemory(time, new Redactor(), screens)
    final Recorders recorders = new Recorders(writer)
    final Console console = recorders.console(screens, false)
    final RunLog log = recorders.log([step: {}, warn: {}] as RunLog)

    Stage() {
        recorders.start('stage-01', 'qemu', 'Stage VX-1', screens, null, null, null, [:])
    }

    /** A picture of {@code colour} with a lighter band at {@code band} (0..7) so pictures differ in shape too. */
    static BufferedImage picture(int colour, int band = 0) {
        def image = new BufferedImage(160, 80, BufferedImage.TYPE_INT_RGB)
        image.createGraphics().with {
            setColor(new Color(colour))
            fillRect(0, 0, 160, 80)
            setColor(Color.WHITE)
            fillRect(10, 10 + band * 8, 100, 6)
            dispose()
        }
        image
    }

    Stage at(double seconds) {
        time.nanos = (long) (seconds * 1e9)
        this
    }

    /** Shows a screen (a copy of {@code picture}: the same picture twice is one frame, shown twice) and lets the run see it. */
    String show(BufferedImage picture, String text = '') {
        def image = new BufferedImage(picture.width, picture.height, BufferedImage.TYPE_INT_RGB)
        image.createGraphics().with { drawImage(picture, 0, 0, null); dispose() }
        screens.texts.put(image, text)
        synchronized (screens) {
            screens.current = new Frame(image, ++screens.version, new Rectangle(0, 0, image.width, image.height), time.instant())
        }
        console.frame(Duration.ZERO)
        writer.recording().events().findAll { it.kind() == 'frame' }.last().text('frame')
    }

    void type(String text) { console.type(text) }

    void step(String text) { log.step(text) }

    void warn(String text) { log.warn(text) }

    void serial(int keep, String text) { writer.event('serial', Event.fields('keep', keep, 'text', text)) }

    void event(String kind, Map<String, Object> data) { writer.event(kind, data) }

    /** Ends the recording as a run ends it, and gives it. */
    Recording end(String outcome, String message, String location = '') {
        writer.end(outcome, message, location)
        writer.close()
        writer.recording()
    }
}
