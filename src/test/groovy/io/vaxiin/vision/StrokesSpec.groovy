package io.vaxiin.vision

import spock.lang.Specification
import spock.lang.Unroll

/**
 * {@link Strokes} tells marks, bars, Z/2 and dots apart by how each is built, in every font Vaxiin
 * ships (none of which the learner needs it for: they are the designs it must not get wrong), and
 * says nothing where the build is unclear.
 */
class StrokesSpec extends Specification {

    /** A shape from rows drawn as text ('#' ink), {@code width} wide. */
    private static int[] shape(int width, String... lines) {
        lines.collect { String l -> int r = 0; l.padRight(width).toCharArray().each { r = r << 1 | (it == '#' ? 1 : 0) }; r } as int[]
    }

    @Unroll("#font.name(): each of ' \" ~ ° - = Z 2 is itself, whichever of its group OCR named")
    def "in each shipped font, a character of a group is told from the others of its group"() {
        expect:
        def wrong = []
        for (String group : [Strokes.MARKS, Strokes.BARS, Strokes.ZEDS]) {
            for (char c : group.toCharArray()) {
                def g = font.glyph((int) c)
                if (g == null) continue
                for (char named : group.toCharArray()) {
                    int got = Strokes.character((int) named, g.rows(), font.width())
                    if (got != (int) c) wrong << "'$c' named '$named' -> '${(char) got}'"
                }
            }
        }
        wrong == []

        where:
        font << BitmapFont.builtIn()
    }

    @Unroll("#font.name(): a '¢' stays one, and a '(' or '<' OCR named '¢' is itself")
    def "in each shipped font, a cent sign is told from the round and pointed brackets by where its stroke leaves it"() {
        expect:
        def wrong = []
        for (char c : "\u00A2(<".toCharArray()) {
            def g = font.glyph((int) c)
            if (g == null) continue
            int got = Strokes.character(0xA2, g.rows(), font.width())
            if (got != (int) c) wrong << "'$c' named '¢' -> '${(char) got}'"
        }
        wrong == []

        where:
        font << BitmapFont.builtIn()
    }

    def "a '(' and a '<' of small cells nobody shipped, which OCR reads as '¢', are told by their build"() {
        expect: 'Terminus 6x12\'s (, Courier 6x10\'s <, and their ¢ signs'
        Strokes.character(0xA2, shape(6, '', '', '   #', '  #', ' #', ' #', ' #', ' #', '  #', '   #'), 6) == (int) '('
        Strokes.character(0xA2, shape(6, '', '', '   #', '  #', ' #', '  #', '   #'), 6) == (int) '<'
        Strokes.character(0xA2, shape(6, '', '', '', '  #', ' ###', '# # #', '# #', '# #', '# # #', ' ###', '  #'), 6) == 0xA2
        Strokes.character(0xA2, shape(6, '', '   #', '   #', '  ###', ' #', ' #', '  ###', '   #', '   #'), 6) == 0xA2
    }

    @Unroll("#font.name(): only '~' is a wave, of all its characters")
    def "in each shipped font, a tilde is told by its wave, and no other character is one"() {
        expect:
        def waves = font.glyphs().findAll { Strokes.wave(it.rows(), font.width()) }*.codePoint().unique().collect { new String(Character.toChars(it)) }
        waves == ['~'] || waves == [] && font.glyph((int) '~') == null

        where:
        font << BitmapFont.builtIn()
    }

    def "a tilde OCR read as a letter or a sign, in small cells nobody shipped, is one by its build; a caret is not"() {
        expect: "Terminus 6x12's and Courier 7x13's '~', read as 'e' and '«'; a '^'"
        Strokes.character((int) 'e', shape(6, '', '', '', '', '', ' #  #', '# # #', '#  #'), 6) == (int) '~'
        Strokes.character(0xAB, shape(7, '', '', '', '', '  #  #', ' # # #', ' #  #'), 7) == (int) '~'
        Strokes.character((int) '^', shape(6, '', '', '  #', ' # #', '#   #'), 6) == (int) '^'
    }

    @Unroll("#font.name(): none of x X # + is a star")
    def "in each shipped font, no character OCR reads a star as is one by its build"() {
        expect:
        ['x', 'X', '#', '+'].findAll { c ->
            def g = font.glyph((int) c.charAt(0))
            g != null && Strokes.star(g.rows(), font.width())
        } == []

        where:
        font << BitmapFont.builtIn()
    }

    def "the shipped fonts' stars with a bar across are stars by their build (misc-fixed's have none: left to OCR)"() {
        expect:
        BitmapFont.builtIn().findAll { f -> f.glyph((int) '*') && !Strokes.star(f.glyph((int) '*').rows(), f.width()) }*.name().sort() ==
                ['fixed-6x13', 'fixed-9x15']
    }

    def "a star OCR read as 'x' or '#', in fonts nobody shipped, is one by its build"() {
        expect: "Terminus 6x12's star, read as '#'; Terminus 12x24's, read as 'x'"
        Strokes.character((int) '#', shape(6, '', '', '', '', ' # #', '  #', '#####', '  #', ' # #'), 6) == (int) '*'
        Strokes.character((int) 'x', shape(12, '', '', '', '', '', '', '', '  #     #', '   #   #', '    # #', '     #',
                ' #########', '     #', '    # #', '   #   #', '  #     #'), 12) == (int) '*'

        and: "Lucida Typewriter 7x12's '#', whose two bars close no hole, stays one"
        Strokes.character((int) '#', shape(7, '', '', '  # #', '  # #', '######', ' ####', '######', ' # #', ' # #', ' # #'), 7) == (int) '#'
    }

    @Unroll("#font.name(): '.' and ',' are themselves whichever OCR named, and only ':' is two dots")
    def "in each shipped font, a period is a round dot, a comma is not, and a colon is the only character of two"() {
        expect:
        def wrong = []
        for (char c : '.,'.toCharArray()) {
            def g = font.glyph((int) c)
            if (g == null) continue
            for (char named : '.,'.toCharArray()) {
                int got = Strokes.character((int) named, g.rows(), font.width())
                if (got != (int) c) wrong << "'$c' named '$named' -> '${(char) got}'"
            }
        }
        wrong == []
        def colons = font.glyphs().findAll { Strokes.colon(it.rows()) }*.codePoint().unique().collect { new String(Character.toChars(it)) }
        colons - [':'] == []

        where:
        font << BitmapFont.builtIn()
    }

    def "Neep's round period and colon, which OCR reads as ',' and 't', are a period and a colon by their build"() {
        expect: "Neep 6x11's '.', ',' and ':', as a console draws them"
        Strokes.character((int) ',', shape(6, '', '', '', '', '', '', '  #', ' ###', '  #'), 6) == (int) '.'
        Strokes.character((int) '.', shape(6, '', '', '', '', '', '', '  ##', '  #', ' #'), 6) == (int) ','
        Strokes.character((int) 't', shape(6, '', '', '  #', ' ###', '  #', '', '  #', ' ###', '  #'), 6) == (int) ':'

        and: 'a semicolon, an equals sign of short bars and an i are no colon'
        !Strokes.colon(shape(6, '', '', '  #', ' ###', '  #', '', '  ##', '  #', ' #'))
        !Strokes.colon(shape(6, '', '', ' ###', '', ' ###'))
        !Strokes.colon(shape(6, '', '  #', '', '  #', '  #', '  #'))
    }

    @Unroll("#font.name(): each of ( ) { } is itself, whichever of them OCR named")
    def "in each shipped font, a round bracket is told from a curly one, and open from close, by its build"() {
        expect:
        def wrong = []
        for (char c : Strokes.BRACKETS.toCharArray()) {
            def g = font.glyph((int) c)
            if (g == null) continue
            for (char named : Strokes.BRACKETS.toCharArray()) {
                int got = Strokes.character((int) named, g.rows(), font.width())
                if (got != (int) c) wrong << "'$c' named '$named' -> '${(char) got}'"
            }
        }
        wrong == []

        where:
        font << BitmapFont.builtIn()
    }

    def "M+ 6x13's parentheses, which OCR reads as braces as often as not, are parentheses by their build; its braces are braces"() {
        expect:
        Strokes.character((int) '}', shape(6, '', ' #', '  #', '  #', '   #', '   #', '   #', '  #', '  #', ' #'), 6) == (int) ')'
        Strokes.character((int) '{', shape(6, '', '   #', '  #', '  #', ' #', ' #', ' #', '  #', '  #', '   #'), 6) == (int) '('
        Strokes.character((int) ')', shape(6, '', '##', '  #', '  #', '  #', '   ##', '  #', '  #', '  #', '##'), 6) == (int) '}'
        Strokes.character((int) '(', shape(6, '', '   ##', '  #', '  #', '  #', '##', '  #', '  #', '  #', '   ##'), 6) == (int) '{'
    }

    def "a shape read as Z or 2 that closes two holes is an 8"() {
        expect: "Modd 6x11's 8, pinched to an x in its middle"
        Strokes.character((int) 'Z', shape(6, '', ' ###', '#   #', ' # #', '  #', ' # #', '#   #', ' ###'), 6) == (int) '8'
        Strokes.character((int) '2', shape(6, '', ' ###', '#   #', ' # #', '  #', ' # #', '#   #', ' ###'), 6) == (int) '8'
    }

    def "parts, holes and bars are counted on the pixels"() {
        expect:
        Strokes.parts(shape(8, '##  ##', '##  ##', ' #   #'), 8) == 2
        Strokes.parts(shape(8, ' ### ##', '## ### '), 8) == 1 // a tilde's diagonal joins it
        Strokes.holes(shape(8, ' ### ', '## ##', ' ### '), 8) == 1
        Strokes.holes(shape(8, ' ### ', '##  ', ' ### '), 8) == 0 // open on the right
        Strokes.bars(shape(8, '', '######', '', '######', '')) == 2
        Strokes.bars(shape(8, '', '######', '######', '')) == 1
    }

    def "a shape whose build is unclear keeps OCR's reading; other characters are never touched"() {
        expect: 'three strokes are no quote, three bars no equals sign, a Z with a short top no 2'
        Strokes.character((int) '"', shape(8, '# # #', '# # #'), 8) == (int) '"'
        Strokes.character((int) '=', shape(8, '####', '', '####', '', '####'), 8) == (int) '='
        Strokes.character((int) '2', shape(8, '#####  ', '     ## ', '   ##  ', ' ##    ', '#######'), 8) == (int) '2'
        Strokes.character((int) 'H', shape(8, '#   #', '#####', '#   #'), 8) == (int) 'H'
        Strokes.character(-1, shape(8, '#'), 8) == -1
    }
}
