package io.vaxiin.engine

import io.vaxiin.dsl.RunLog
import io.vaxiin.fixture.UnseenFonts
import io.vaxiin.vision.ConsoleReader
import io.vaxiin.vision.FontLibrary
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** A run keeps the font it learnt on its console in its output folder, for a person to put beside the script. */
class LearntFontsSpec extends Specification {

    @TempDir Path dir

    static class Lines implements RunLog {
        List<String> steps = []
        List<String> warnings = []
        void step(String text) { steps << text }
        void warn(String text) { warnings << text }
    }

    def "the font learnt on the console is kept as OUT/fonts/NAME.vxf, and read back from fonts/ beside a script"() {
        given:
        def frames = UnseenFonts.frames(UnseenFonts.load('Uni2-Fixed16'), 'boot-log')
        def library = FontLibrary.empty()
        def reader = new ConsoleReader(library)
        def log = new Lines()
        reader.read(frames.firstImage)

        when:
        def kept = LearntFonts.keep(reader, library, dir.resolve('out'), log)

        then:
        kept == dir.resolve('out/fonts/learnt-8x16.vxf')
        Files.isRegularFile(kept)
        log.steps.size() == 1
        log.steps[0] ==~ /the console's font is no shipped one: learnt \d+ characters of 8x16, kept in .*learnt-8x16.vxf \(put it in fonts\/ beside the script to read this console without learning\)/

        when: 'put beside a script, it is read back, and a console read in it keeps nothing new'
        Files.createDirectories(dir.resolve('scripts/fonts'))
        Files.copy(kept, dir.resolve('scripts/fonts/bmc.vxf'))
        def beside = LearntFonts.besideScript(dir.resolve('scripts/fsck.groovy'))
        def again = new ConsoleReader(beside)
        def text = again.read(frames.nextImage)

        then:
        beside.files()*.name() == ['bmc']
        text.sourceOf(0) == 'grid:bmc'
        LearntFonts.keep(again, beside, dir.resolve('out2'), log) == null
        !Files.exists(dir.resolve('out2'))

        cleanup:
        reader?.close()
        again?.close()
    }

    def "a console read in a shipped font keeps no font"() {
        given:
        def reader = new ConsoleReader()
        def log = new Lines()

        expect:
        LearntFonts.keep(reader, FontLibrary.empty(), dir, log) == null
        log.steps.isEmpty()
    }
}
