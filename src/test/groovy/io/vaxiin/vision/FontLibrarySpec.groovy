package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.vaxiin.vision.ConsoleReaderLearningSpec.draw

/**
 * What one console taught, the others read in: a font learnt on a console is shared with the
 * consoles of the same library (a watch's fleet, a run's two readers), saved as a .vxf file it
 * reads back from a fonts/ folder without learning, and grows when a character it lacks appears.
 */
class FontLibrarySpec extends Specification {

    @Shared UnseenFonts.Frames frames = UnseenFonts.frames(UnseenFonts.load('Uni2-Fixed16'), 'boot-log')
    @Shared Path dir = Files.createTempDirectory('font-library')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "a font one console learnt is read on another console of the same library at once, without OCR"() {
        given:
        def library = FontLibrary.empty()
        def first = new ConsoleReader(library)
        def second = new ConsoleReader(library)

        when:
        first.read(frames.firstImage)
        def text = second.read(frames.nextImage)

        then:
        first.learntFont() != null
        library.fonts() == [first.learntFont()]
        text.reader() == 'grid'
        text.sourceOf(0) == 'grid:learnt-8x16'
        !second.ocrStarted()
        second.learntFont().is(first.learntFont())

        when: 'the consoles close'
        first.close()
        second.close()

        then: 'the font stays for the next console of the process (a watch that polls opens one per look)'
        library.fonts() == [first.learntFont()]
    }

    def "a learnt font saved as a .vxf file reads the console without learning, named by its file"() {
        given:
        def learner = new ConsoleReader()
        learner.read(frames.firstImage)
        def folder = dir.resolve('saved/fonts')
        FontLibrary.write(learner.learntFont(), folder.resolve('bmc-console.vxf'))

        when:
        def library = FontLibrary.load([folder, dir.resolve('no-such-folder')])
        def reader = new ConsoleReader(library)
        def text = reader.read(frames.nextImage)

        then:
        library.files()*.name() == ['bmc-console']
        library.files()[0].glyphs() == learner.learntFont().glyphs()
        text.sourceOf(0) == 'grid:bmc-console'
        text.text() == learner.read(frames.nextImage).text()
        !reader.ocrStarted()
        reader.learntFont().is(library.files()[0])

        cleanup:
        learner?.close()
        reader?.close()
    }

    def "a file in fonts/ that is no Vaxiin font is named, with why"() {
        given:
        def folder = dir.resolve('bad/fonts')
        Files.createDirectories(folder)
        Files.write(folder.resolve('a-good.vxf'), BitmapFont.named('edk2-8x19').encode())
        Files.writeString(folder.resolve('notes.vxf'), 'not a font')
        Files.write(folder.resolve('short.vxf'), Arrays.copyOf(BitmapFont.named('edk2-8x19').encode(), 100))

        when:
        FontLibrary.load([folder])

        then:
        def e = thrown(IOException)
        e.message == "${folder.resolve('notes.vxf')}: not a Vaxiin font file (notes is not a Vaxiin bitmap font)".toString()

        when:
        Files.delete(folder.resolve('notes.vxf'))
        FontLibrary.load([folder])

        then:
        def cut = thrown(IOException)
        cut.message == "${folder.resolve('short.vxf')}: not a Vaxiin font file (it ends too soon)".toString()
    }

    def "a character the console's font lacks is learnt when it first appears, not left unknown"() {
        given: 'a font learnt from a frame of letters, then a frame with digits and signs it never showed'
        def font = ConsoleFonts.read('lat15-fixed16', UnseenFonts.DIR.resolve('Lat15-Fixed16.psf.gz'))
        def words = ['Starting system logger and kernel message service',
                     'Mounting the local filesystems from the partition table',
                     'Loading network interfaces and bringing them up now',
                     'Checking quotas on every mounted filesystem we found',
                     'Reached target multi user system and graphical login']
        def reader = new ConsoleReader()
        // (no 0: this font's zero is slashed, which OCR reads as 6, see README "Vision: what is left")
        def later = words + ['eth3 link up at 947 Mbps; 42 errors, 7% lost',
                             'eth4 link up at 389 Mbps; 42 errors, 7% lost']

        when:
        def first = reader.read(draw(font, words, 1024, 768))
        def known = reader.learntFont().glyphs().size()
        def text = reader.read(draw(font, later, 1024, 768))

        then:
        first.lines().take(words.size()) == words
        reader.learntFont().glyphs().size() > known
        !text.text().contains('\uFFFD')
        text.lines().take(later.size()) == later
        text.sourceOf(0) == 'grid:learnt-8x16'

        when: 'one new character among hundreds known: the font reads the frame confidently all the same'
        def once = reader.read(draw(font, later + ['Kill all'], 1024, 768))

        then: 'and it is learnt, not left as an unknown cell'
        once.lines()[later.size()] == 'Kill all'

        cleanup:
        reader?.close()
    }
}
