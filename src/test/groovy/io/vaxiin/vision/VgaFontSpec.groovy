package io.vaxiin.vision

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

class VgaFontSpec extends Specification {

    static final String ROM = '/usr/share/seabios/vgabios-stdvga.bin'

    def "the shipped font is intact: 256 glyphs of 16 scanlines with the known hash"() {
        given:
        byte[] table = getClass().getResourceAsStream(VgaFont.VGA_8X16_RESOURCE).bytes

        expect:
        table.length == 4096
        MessageDigest.getInstance('SHA-256').digest(table).encodeHex().toString() ==
            'c7dd5990fa5401649cf69e9bbb4c8a51f86865939b9318281a27de7f314eda3a'
        VgaFont.vga().glyph(0x41) as List == [0, 0, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe, 0xc6, 0xc6, 0xc6, 0xc6, 0, 0, 0, 0]*.byteValue()
        VgaFont.vga().glyph(0x20).every { it == 0 }
        VgaFont.vga().glyph(0xDB).every { it == (byte) 0xFF }
    }

    def "the font's source, package version and licence are written down beside it"() {
        when:
        String notes = getClass().getResourceAsStream('/io/vaxiin/vision/FONTS.md').getText('UTF-8')

        then:
        notes.contains('vgabios-stdvga.bin')
        notes.contains('1.16.2-1')
        notes.contains('LGPL-3')
        notes.contains('public domain')
    }

    def "the shipped font is the table in the installed SeaBIOS VGA ROM"() {
        given: 'the ROM, and the glyph A as the VGA font draws it'
        byte[] rom = Files.readAllBytes(Path.of(ROM))
        byte[] a = [0, 0, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe, 0xc6, 0xc6, 0xc6, 0xc6, 0, 0, 0, 0] as byte[]

        when: 'the table is cut out 0x41 glyphs before the only A'
        List<Integer> hits = (0..rom.length - 16).findAll { i -> Arrays.equals(rom, i, i + 16, a, 0, 16) }
        int base = hits[0] - 0x41 * 16
        byte[] extracted = Arrays.copyOfRange(rom, base, base + 4096)

        then:
        hits.size() == 1
        extracted == VgaFont.vga().table()
    }

    def "CP437 maps to Unicode and back"() {
        expect:
        Cp437.toUnicode(code) == unicode as char
        Cp437.fromUnicode(unicode as char) == back

        where:
        code || unicode  | back
        0x41 || 'A'      | 0x41
        0xC9 || '╔'      | 0xC9
        0xC4 || '─'      | 0xC4
        0xDB || '█'      | 0xDB
        0xB0 || '░'      | 0xB0
        0x10 || '►'      | 0x10
        0x18 || '↑'      | 0x18
        0xFA || '·'      | 0xFA
        0xF9 || '∙'      | 0xF9
        0x00 || ' '      | 0x20
        0xFF || ' '      | 0x20
    }

    def "every code except the blanks has its own Unicode character"() {
        expect:
        (1..0xFE).findAll { it != 0x20 }.collect { Cp437.toUnicode(it) }.toSet().size() == 0xFE - 1
        (1..0xFE).every { Cp437.fromUnicode(Cp437.toUnicode(it)) == it }
    }
}
