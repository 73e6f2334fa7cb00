package io.vaxiin.vision

import spock.lang.Specification

/** Whether a rectangle is one colour, from sums of colour changes: the same answer as looking at every pixel. */
class ColourChangesSpec extends Specification {

    static boolean looked(int[] px, int width, int x, int y, int w, int h) {
        int first = px[y * width + x]
        (y..<y + h).every { int yy -> (x..<x + w).every { int xx -> px[yy * width + xx] == first } }
    }

    def "a rectangle is one colour exactly when all its pixels are, at any size and place"() {
        given: 'a frame of blank areas with a few dots and bars of other colours, as a console is'
        def random = new Random(21)
        int width = 97, height = 61
        int[] px = new int[width * height]
        Arrays.fill(px, 0x000080)
        40.times { px[random.nextInt(px.length)] = 0xFFFFFF }
        (10..30).each { px[20 * width + it] = 0xAAAAAA }
        def changes = new ColourChanges(px, width, height)

        expect:
        def wrong = []
        2000.times {
            int w = 1 + random.nextInt(20), h = 1 + random.nextInt(20)
            int x = random.nextInt(width - w + 1), y = random.nextInt(height - h + 1)
            if (changes.oneColour(x, y, w, h) != looked(px, width, x, y, w, h)) wrong << [x, y, w, h]
        }
        wrong == []

        and: 'the whole frame, one pixel, and a rectangle on the frame\'s last row and column'
        !changes.oneColour(0, 0, width, height)
        changes.oneColour(5, 5, 1, 1)
        changes.oneColour(width - 3, height - 3, 3, 3) == looked(px, width, width - 3, height - 3, 3, 3)
    }
}
