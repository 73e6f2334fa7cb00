package io.vaxiin.vision

import spock.lang.Specification

/** {@link CellColours}: when two colours on a frame are one. */
class CellColoursSpec extends Specification {

    def "the distance of two colours is the sum of their channel differences"() {
        expect:
        CellColours.distance(0x000000, 0xFFFFFF) == 765
        CellColours.distance(0x102030, 0x201008) == 16 + 16 + 40
        CellColours.distance(0xAA5500, 0xAA5500) == 0
    }

    def "colours of one brightness a few dozen steps apart are one colour (JPEG chroma); other pairs stay two"() {
        expect:
        CellColours.same(0x0000EE, 0x0706B9) == true    // blue and the blue JPEG made of it beside grey
        CellColours.same(0x00AC00, 0x2A8828) == true    // green beside a JPEG edge
        CellColours.same(0x0000AA, 0x000000) == false   // VGA blue on black
        CellColours.same(0xAA0000, 0xAA00AA) == false   // VGA red on magenta
        CellColours.same(0x00AA00, 0xAA5500) == false   // VGA green on brown: one brightness, far apart
    }

    def "near colours are one whatever their brightness; up to twice as far only at one brightness"() {
        expect:
        CellColours.same(0x808080, 0x808080 + 0x141414)                        // 60 apart: one colour
        !CellColours.same(0x808080, 0x808080 + 0x151515)                       // 63 apart, 21 brighter: two
        !CellColours.same(0x000000, 0x0000FF)                                  // far in colour
    }
}
