package io.vaxiin.vision

import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

class FontSourcesSpec extends Specification {

    @Unroll("#name re-derived from the Debian package's PCF files equals the shipped resource")
    def "the shipped X fonts are the ones in xfonts-base and xfonts-terminus"() {
        given:
        def derived = FontSources.fromDebianPackages()[name]
        def shipped = BitmapFont.named(name)

        expect:
        derived.width() == shipped.width()
        derived.height() == shipped.height()
        derived.encode() == shipped.encode()

        where:
        name << ['fixed-6x13', 'fixed-9x15', 'fixed-10x20', 'terminus-8x16', 'terminus-16x32']
    }

    def "the shipped EDK2 font re-derives from LaffStd.c when a copy of it is given (VAXIIN_EDK2_LAFFSTD, VAXIIN_EDK2_LAFFSTD_2021)"() {
        given:
        def now = System.getenv('VAXIIN_EDK2_LAFFSTD')
        def before = System.getenv('VAXIIN_EDK2_LAFFSTD_2021')
        def shipped = BitmapFont.named('edk2-8x19')

        expect: 'the table is what LaffStd.c holds: printable ASCII, Latin-1, box drawing, blocks, arrows'
        shipped.width() == 8 && shipped.height() == 19
        shipped.glyph(0x41 as int).rows() as List == [0, 0, 0, 0x10, 0x38, 0x6C, 0xC6, 0xC6, 0xC6, 0xFE, 0xC6, 0xC6, 0xC6, 0xC6, 0xC6, 0, 0, 0, 0]
        (0x21..0x7E).every { shipped.has(it) }
        [0x2500, 0x2502, 0x250C, 0x2550, 0x2588, 0x2191, 0x25BA].every { shipped.has(it) }
        shipped.glyphs().count { it.style() == BitmapFont.Style.VARIANT } == 5 // the glyphs fixed in 2023

        and: 'and equal to one converted from the source, where the source is on this machine'
        now == null || FontSources.edk2(Files.readString(Path.of(now)), before ? Files.readString(Path.of(before)) : null)
            .encode() == shipped.encode()
    }

    def "a font survives its resource format"() {
        expect:
        BitmapFont.builtIn().every { f ->
            def back = BitmapFont.decode(f.name(), new ByteArrayInputStream(f.encode()))
            back.glyphs() == f.glyphs() && back.width() == f.width() && back.height() == f.height()
        }
    }

    def "every shipped font has its source and licence written in FONTS.md"() {
        given:
        String notes = getClass().getResourceAsStream('/io/vaxiin/vision/FONTS.md').getText('UTF-8')

        expect:
        BitmapFont.RESOURCES.every { notes.contains(it) }
        ['BSD-2-Clause-Patent', 'SIL Open Font License', 'public domain', 'xfonts-base', 'xfonts-terminus', 'LaffStd.c']
            .every { notes.contains(it) }
    }
}
