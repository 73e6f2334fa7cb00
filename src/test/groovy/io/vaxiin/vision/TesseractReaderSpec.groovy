package io.vaxiin.vision

import org.bytedeco.javacpp.Loader
import org.bytedeco.tesseract.global.tesseract
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class TesseractReaderSpec extends Specification {

    @Shared @AutoCleanup TesseractReader ocr = new TesseractReader()

    def "Tesseract runs from the natives bundled in the jar, not a system library"() {
        when:
        String loaded = Loader.load(tesseract)

        then:
        loaded != null
        !loaded.startsWith('/usr/')
        println "Tesseract natives loaded from ${loaded}"
    }

    def "a TrueType terminal reads with high character accuracy"() {
        given:
        def screen = Fixtures.all().find { it.file == 'x11/e2fsck-dejavu13-prompt.png' }

        when:
        def text = ocr.read(screen.image())
        double accuracy = Fixtures.accuracy(screen.truth(), text.lines())
        println String.format('tesseract on %s: %.1f%% characters right', screen.file, accuracy * 100)

        then:
        text.reader() == 'tesseract'
        accuracy >= 0.90
    }

    def "the screen reader picks grid or OCR per frame; accuracy per kind over every fixture"() {
        given:
        def reader = new ScreenReader(new GridTextReader(), { ocr })
        Map<String, List<Double>> byKind = [:].withDefault { [] }
        Map<String, Set<String>> readers = [:].withDefault { [] as Set }

        when:
        Fixtures.all().each { screen ->
            def text = reader.read(screen.image())
            byKind[screen.kind] << Fixtures.accuracy(screen.truth(), text.lines())
            readers[screen.kind] << text.reader()
        }
        byKind.each { kind, figures ->
            println String.format('accuracy %-12s %5.1f%% (%d frames, worst %5.1f%%, read by %s)', kind,
                figures.sum() / figures.size() * 100, figures.size(), figures.min() * 100, readers[kind].sort().join('+'))
        }

        then: 'VGA text mode is read by the grid, exactly'
        readers['vga-text'] == ['grid'] as Set
        byKind['vga-text'].every { it == 1d }
    }
}
