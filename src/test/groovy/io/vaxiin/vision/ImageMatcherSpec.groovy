package io.vaxiin.vision

import io.vaxiin.vision.ImageMatcher.Options
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import javax.imageio.ImageIO
import java.awt.Color
import java.awt.Graphics2D
import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime

class ImageMatcherSpec extends Specification {

    static final Path SCREENS = io.vaxiin.fixture.Fixtures.ROOT.resolve('screens')

    /** Needles cut from fixture screens: parts that no other screen shows (checked below). */
    static final List<List> NEEDLES = [
            ['vga/kernel-panic-vfs.png', 135, 320, 200, 40],          // Kernel Offset: 0x11c00000 …
            ['vga/e2fsck-prompt-1.png', 495, 64, 200, 40],            // … inode 13.  Clear<y>? (prompt-2 adds "yes")
            ['firmware/grub-menu-debian.png', 18, 64, 200, 40],       // the highlighted first entry
            ['firmware/uefi-setup-boot-manager.png', 24, 133, 200, 40], // UEFI QEMU HARDDISK QM00001
            ['vga/fbcon-box-1024x768.png', 104, 12, 200, 40],         // RAID Configuration Utility
            ['x11/top-terminus16.png', 500, 606, 200, 40],            // … qemu-system-x86
            ['x11/ls-l-liberation12.png', 490, 150, 200, 40],         // rmt -> /usr/sbin/rmt
            ['x11/bsod-dejavusans.png', 96, 265, 200, 40],            // Your PC ran into a problem
    ]

    @Shared ImageMatcher matcher = new ImageMatcher()
    /** Every fixture screen, by file name, in INDEX.tsv order. */
    @Shared Map<String, BufferedImage> corpus = [:]
    /** For each screen, the screens made from it (its JPEG and scaled copies). */
    @Shared Map<String, List<String>> derived = [:].withDefault { [] }

    def setupSpec() {
        def rows = Files.readAllLines(SCREENS.resolve('INDEX.tsv'), StandardCharsets.UTF_8)
        def header = rows[0].split('\t') as List
        rows.drop(1).findAll { it.trim() }.each { line ->
            def f = line.split('\t')
            String file = f[header.indexOf('file')]
            corpus[file] = ImageIO.read(SCREENS.resolve(file).toFile())
            String origin = f[header.indexOf('how')].tokenize(' ')[0]
            if (origin.endsWith('.png')) derived[origin] << file
        }
    }

    def cleanupSpec() {
        matcher.close()
        fullResolution.close()
    }

    static BufferedImage copy(BufferedImage image, int type = BufferedImage.TYPE_INT_RGB) {
        def out = new BufferedImage(image.width, image.height, type)
        Graphics2D g = out.createGraphics()
        g.drawImage(image, 0, 0, null)
        g.dispose()
        out
    }

    static BufferedImage cut(BufferedImage screen, int x, int y, int w, int h) {
        copy(screen.getSubimage(x, y, w, h))
    }

    @Unroll("a needle cut from #file is found at its exact place with score 1")
    def "a needle cut from a screen is found at its exact place"() {
        given:
        def needle = cut(corpus[file], x, y, w, h)

        when:
        def found = matcher.find(corpus[file], needle, Options.defaults())

        then:
        found.isPresent()
        found.get().bounds() == new Rectangle(x, y, w, h)
        found.get().score() > 0.9999

        where:
        [file, x, y, w, h] << NEEDLES
    }

    def "the corpus holds the 55 screens the false-match check runs over"() {
        expect:
        corpus.size() == 55
        NEEDLES.every { corpus.containsKey(it[0]) }
    }

    @Unroll("the needle cut from #file is on no other screen of the corpus")
    def "a needle is not found on any other screen at the default threshold"() {
        given:
        def needle = cut(corpus[file], x, y, w, h)
        def others = corpus.keySet() - [file] - derived[file]

        when: 'it is searched on every other screen (its own JPEG and scaled copies show the same thing)'
        def falseMatches = others.collectEntries { other -> [other, matcher.find(corpus[other], needle, Options.defaults())] }
                .findAll { it.value.isPresent() }

        then:
        others.size() >= 55 - 1 - 3
        falseMatches.isEmpty()

        where:
        [file, x, y, w, h] << NEEDLES
    }

    /**
     * The screen with one glyph-sized (8×16) part of the needle's area replaced by the part of the
     * screen a few pixels to its right, as when one character differs (a 5 for a 6, "yes" added).
     */
    static BufferedImage alterOneGlyph(BufferedImage screen, int x, int y, int w, int h) {
        def altered = copy(screen)
        int gx = x + w.intdiv(2) - 4, gy = y + 4
        for (int shift = 8; shift < w.intdiv(2) - 8; shift++) {
            int changed = 0
            for (int j = 0; j < 16; j++) {
                for (int i = 0; i < 8; i++) {
                    int a = luma(screen.getRGB(gx + i, gy + j)), b = luma(screen.getRGB(gx + shift + i, gy + j))
                    if (Math.abs(a - b) > 64) changed++
                }
            }
            if (changed >= 10 && changed <= 64) {
                for (int j = 0; j < 16; j++) {
                    for (int i = 0; i < 8; i++) altered.setRGB(gx + i, gy + j, screen.getRGB(gx + shift + i, gy + j))
                }
                return altered
            }
        }
        throw new IllegalStateException("no glyph-sized change found in the needle's area")
    }

    static int luma(int rgb) { ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114).intdiv(1000) }

    @Unroll("a near-miss of the needle from #file (one glyph-sized part changed) does not pass the default threshold")
    def "a near-miss does not pass the default threshold"() {
        given:
        def screen = corpus[file]
        def needle = cut(screen, x, y, w, h)
        def altered = alterOneGlyph(screen, x, y, w, h)

        expect: 'neither the changed screen has the needle, nor the screen the changed needle'
        matcher.find(altered, needle, Options.defaults()).isEmpty()
        matcher.find(screen, cut(altered, x, y, w, h), Options.defaults()).isEmpty()

        and: 'while the correlation over the whole needle hardly moved'
        wholeNeedleCorrelation(altered, needle, x, y) > 0.9

        where:
        [file, x, y, w, h] << NEEDLES
    }

    static double wholeNeedleCorrelation(BufferedImage screen, BufferedImage needle, int x, int y) {
        byte[] s = Images.grey(cut(screen, x, y, needle.width, needle.height)), n = Images.grey(needle)
        double ms = s.collect { it & 0xff }.sum() / s.length, mn = n.collect { it & 0xff }.sum() / n.length
        double sxy = 0, sxx = 0, syy = 0
        for (int i = 0; i < s.length; i++) {
            double a = (s[i] & 0xff) - ms, b = (n[i] & 0xff) - mn
            sxy += a * b; sxx += a * a; syy += b * b
        }
        sxy / Math.sqrt(sxx * syy)
    }

    def "the e2fsck prompt before the answer is not the one after it, nor is a GRUB menu with another entry highlighted"() {
        expect:
        matcher.best(corpus['vga/e2fsck-prompt-2.png'], cut(corpus['vga/e2fsck-prompt-1.png'], 495, 64, 200, 40), Options.defaults()).get().score() < 0.95
        matcher.best(corpus['firmware/grub-menu-debian-down.png'], cut(corpus['firmware/grub-menu-debian.png'], 18, 64, 200, 40), Options.defaults()).get().score() < 0.95
    }

    def "a light band over a dark one is not found where the bands have other grey levels"() {
        given: 'the foot of a firmware setup page (light grey over dark grey), and a UEFI page (grey over black)'
        def needle = cut(corpus['x11/setup-boot-liberationsans.png'], 24, 696, 200, 40)
        def other = corpus['firmware/uefi-setup-front-page-public.png']

        expect: 'correlation alone, blind to brightness and contrast, would take it'
        wholeNeedleCorrelation(other, needle, 0, 362) > 0.95

        and: 'the score does not'
        matcher.best(other, needle, Options.defaults()).get().score() < 0.8
    }

    @Unroll("on #variant the needle from #file is found at its place with threshold #threshold")
    def "JPEG-compressed screens need a lower explicit threshold"() {
        given:
        def needle = cut(corpus[file], x, y, w, h)

        when:
        def found = matcher.find(corpus[variant], needle, Options.defaults().withThreshold(threshold))

        then:
        found.isPresent()
        found.get().bounds() == new Rectangle(x, y, w, h)
        found.get().score() < 0.999

        where:
        file                        | variant                            | x   | y   | w   | h  | threshold
        'vga/kernel-panic-vfs.png'  | 'vga/kernel-panic-vfs-jpeg.png'    | 135 | 320 | 200 | 40 | 0.8
        'vga/e2fsck-prompt-1.png'   | 'vga/e2fsck-prompt-1-jpeg.png'     | 495 | 64  | 200 | 40 | 0.8
        'x11/ls-l-liberation12.png' | 'x11/ls-l-liberation12-jpeg60.png' | 490 | 150 | 200 | 40 | 0.8
        'x11/whiptail-menu-terminus16.png' | 'x11/whiptail-menu-terminus16-jpeg60.png' | 300 | 300 | 200 | 40 | 0.8
    }

    static BufferedImage scale(BufferedImage image, int w, int h) {
        Images.resized(image, w, h)
    }

    @Unroll("on #variant a needle from #file, scaled alike, is found at its scaled place with threshold #threshold")
    def "screens scaled by a viewer need a lower explicit threshold"() {
        given: 'the needle scaled as the viewer scaled the screen (by another program: bilinear in Java2D)'
        def original = corpus[file], scaled = corpus[variant]
        double sx = scaled.width / original.width, sy = scaled.height / original.height
        def needle = scale(cut(original, x, y, w, h), (int) Math.round(w * sx), (int) Math.round(h * sy))

        when:
        def found = matcher.find(scaled, needle, Options.defaults().withThreshold(threshold))

        then:
        found.isPresent()
        Math.abs(found.get().x() - x * sx) <= 1.5
        Math.abs(found.get().y() - y * sy) <= 1.5

        and: 'the default threshold is too strict for that'
        matcher.find(scaled, needle, Options.defaults()).isEmpty()

        where:
        file                            | variant                                | x   | y   | w   | h  | threshold
        'vga/kernel-panic-vfs.png'      | 'vga/kernel-panic-vfs-scaled.png'      | 135 | 320 | 200 | 40 | 0.6
        'vga/e2fsck-prompt-1.png'       | 'vga/e2fsck-prompt-1-scaled.png'       | 36  | 48  | 144 | 32 | 0.6
        'firmware/grub-menu-debian.png' | 'firmware/grub-menu-debian-scaled.png' | 18  | 64  | 200 | 40 | 0.6
    }

    def "a region limits the search to that part of the screen, in pixels"() {
        given:
        def screen = corpus['x11/bsod-dejavusans.png']
        def needle = cut(screen, 96, 265, 200, 40)

        expect: 'found in a region around it, reported in screen pixels'
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(50, 200, 400, 150))).get().bounds() == new Rectangle(96, 265, 200, 40)

        and: 'not found in a region elsewhere, nor in one that cuts through it, nor in one smaller than the needle'
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(0, 400, 1024, 368))).isEmpty()
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(96, 265, 199, 40))).isEmpty()
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(100, 280, 20, 10))).isEmpty()

        and: 'a region reaching past the screen is clipped to it'
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(90, 260, 5000, 5000))).isPresent()
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(2000, 2000, 10, 10))).isEmpty()
    }

    def "excluded areas of the needle, such as a progress counter, do not count"() {
        given: "the '20% complete' of a stop screen as the needle, and the screen at 45%"
        def screen = corpus['x11/bsod-dejavusans.png']
        def needle = cut(screen, 90, 355, 200, 40)
        def later = copy(screen)
        later.getSubimage(96, 362, 26, 26).with { BufferedImage digits ->
            // the digits as another number: the "20" mirrored, on the same blue
            def flipped = copy(screen.getSubimage(96, 362, 26, 26))
            for (int j = 0; j < 26; j++) for (int i = 0; i < 26; i++) digits.setRGB(i, j, flipped.getRGB(25 - i, j))
        }
        def counter = [new Rectangle(4, 5, 30, 30)]

        expect: 'the counter changed, so the whole needle is not found'
        matcher.find(later, needle, Options.defaults()).isEmpty()

        and: 'with the counter excluded it is, where it is'
        matcher.find(later, needle, Options.defaults().withExclude(counter)).get().bounds() == new Rectangle(90, 355, 200, 40)
        matcher.find(screen, needle, Options.defaults().withExclude(counter)).get().score() > 0.9999

        and: 'a change outside the excluded area still counts'
        matcher.find(later, needle, Options.defaults().withExclude([new Rectangle(100, 5, 30, 30)])).isEmpty()
    }

    def "transparent pixels of a needle do not count"() {
        given: 'the same needle with its counter made transparent'
        def screen = corpus['x11/bsod-dejavusans.png']
        def needle = copy(cut(screen, 90, 355, 200, 40), BufferedImage.TYPE_INT_ARGB)
        for (int j = 5; j < 35; j++) for (int i = 4; i < 34; i++) needle.setRGB(i, j, 0x00ff0000)
        def later = copy(screen)
        for (int j = 362; j < 388; j++) for (int i = 96; i < 122; i++) later.setRGB(i, j, 0xffffff)

        expect:
        matcher.find(later, needle, Options.defaults()).get().bounds() == new Rectangle(90, 355, 200, 40)
    }

    def "an excluded area outside the needle, or one that leaves nothing, is an error"() {
        def needle = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB)
        def screen = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)

        when:
        matcher.find(screen, needle, Options.defaults().withExclude([area]))

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        area                          || message
        new Rectangle(30, 0, 5, 5)    || 'exclude area [30, 0, 5, 5] is outside the needle (20×10 pixels)'
        new Rectangle(0, 0, 100, 100) || 'no pixel of the needle is left to compare (all excluded or transparent)'
    }

    def "options outside their range are refused with a sentence"() {
        when:
        switch (option) {
            case 'threshold' -> Options.defaults().withThreshold(value)
            case 'region' -> Options.defaults().withRegion(value)
            default -> Options.defaults().withExclude([value])
        }

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        option      | value                         || message
        'threshold' | 0                             || 'threshold 0.0 is outside (0, 1]: 1 is the same pixels, 0.95 the default'
        'threshold' | 1.01                          || 'threshold 1.01 is outside (0, 1]: 1 is the same pixels, 0.95 the default'
        'region'    | new Rectangle(0, 0, 0, 10)    || 'region [0, 0, 0, 10] needs x, y ≥ 0 and a width and height ≥ 1 (pixels)'
        'exclude'   | new Rectangle(-1, 0, 5, 5)    || 'exclude area [-1, 0, 5, 5] needs x, y ≥ 0 and a width and height ≥ 1 (pixels)'
    }

    def "a needle larger than the screen, or than the region, is simply not found"() {
        def screen = corpus['vga/kernel-panic-vfs.png']

        expect:
        matcher.best(screen, new BufferedImage(721, 10, BufferedImage.TYPE_INT_RGB), Options.defaults()).isEmpty()
        matcher.best(screen, new BufferedImage(10, 401, BufferedImage.TYPE_INT_RGB), Options.defaults()).isEmpty()

        and: 'the whole screen as the needle is found at (0, 0)'
        matcher.find(screen, copy(screen), Options.defaults()).get().bounds() == new Rectangle(0, 0, 720, 400)
    }

    def "a 1×1 needle is a colour: found where the screen has it, scored by grey difference"() {
        given: 'a black screen with one white pixel'
        def screen = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB)
        screen.setRGB(40, 30, 0xffffff)
        def white = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
        white.setRGB(0, 0, 0xffffff)
        def grey = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
        grey.setRGB(0, 0, 0x808080)

        expect:
        matcher.find(screen, white, Options.defaults()).get() == new ImageMatcher.Match(40, 30, 1, 1, 1d)
        matcher.find(screen, new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), Options.defaults()).get().score() == 1d
        matcher.find(screen, grey, Options.defaults()).isEmpty()
        Math.abs(matcher.best(screen, grey, Options.defaults()).get().score() - (1 - 127 / 255d)) < 0.01
    }

    def "a uniform needle matches an area of its colour and not one with a detail in it"() {
        given: 'a patch of the stop screen blue, and the screen'
        def screen = corpus['x11/bsod-dejavusans.png']
        def blue = cut(screen, 600, 600, 40, 24)

        expect: 'found in a region of plain blue, exactly'
        matcher.find(screen, blue, Options.defaults().withRegion(new Rectangle(500, 580, 200, 100))).get().score() == 1d

        and: 'not in a region where every position has some text or the QR code'
        matcher.find(screen, blue, Options.defaults().withRegion(new Rectangle(96, 440, 105, 105))).isEmpty()

        and: 'not on a screen without that blue'
        matcher.find(corpus['vga/kernel-panic-vfs.png'], blue, Options.defaults()).isEmpty()
    }

    def "a needle with contrast is not found on a flat screen, nor on noise"() {
        given:
        def needle = cut(corpus['vga/kernel-panic-vfs.png'], 135, 320, 200, 40)
        def black = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        def noise = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        def random = new Random(7)
        for (int y = 0; y < 768; y++) for (int x = 0; x < 1024; x++) noise.setRGB(x, y, random.nextInt())

        expect:
        matcher.best(black, needle, Options.defaults()).get().score() == 0d
        matcher.find(noise, needle, Options.defaults()).isEmpty()
    }

    /**
     * The image in another colour model, pixel by pixel through sRGB (as ImageIO's readers deliver
     * them); Java2D's drawImage would convert 16-bit grey differently from getRGB.
     */
    static BufferedImage convert(BufferedImage image, int type) {
        def out = new BufferedImage(image.width, image.height, type)
        for (int y = 0; y < image.height; y++) for (int x = 0; x < image.width; x++) out.setRGB(x, y, image.getRGB(x, y))
        out
    }

    @Unroll("a screen of image type #screenType and a needle of type #needleType still match exactly")
    def "screens and needles of any colour model"() {
        given: 'the coloured screen stored in one colour model, and a needle cut from it stored in another'
        def screen = convert(corpus['vga/busybox-ansi-colors.png'], screenType)
        def needle = convert(screen.getSubimage(100, 100, 200, 40), needleType)

        expect:
        matcher.find(screen, needle, Options.defaults()).get().bounds() == new Rectangle(100, 100, 200, 40)

        where:
        screenType                        | needleType
        BufferedImage.TYPE_INT_RGB        | BufferedImage.TYPE_BYTE_INDEXED
        BufferedImage.TYPE_3BYTE_BGR      | BufferedImage.TYPE_INT_ARGB
        BufferedImage.TYPE_INT_BGR        | BufferedImage.TYPE_4BYTE_ABGR
        BufferedImage.TYPE_BYTE_GRAY      | BufferedImage.TYPE_BYTE_GRAY
        BufferedImage.TYPE_USHORT_GRAY    | BufferedImage.TYPE_INT_RGB
        BufferedImage.TYPE_BYTE_INDEXED   | BufferedImage.TYPE_3BYTE_BGR
    }

    def "a needle file is read once, and again when it changes"() {
        given:
        def dir = Files.createTempDirectory('vaxiin-needle')
        def file = dir.resolve('n.png')
        def screen = corpus['x11/bsod-dejavusans.png']
        ImageIO.write(cut(screen, 96, 265, 200, 40), 'png', file.toFile())
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000))

        expect:
        matcher.find(screen, file, Options.defaults()).get().bounds() == new Rectangle(96, 265, 200, 40)

        when: 'the file is replaced by another needle'
        ImageIO.write(cut(screen, 96, 110, 90, 125), 'png', file.toFile())
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000))

        then:
        matcher.find(screen, file, Options.defaults()).get().bounds() == new Rectangle(96, 110, 90, 125)

        when: 'the file is gone or broken'
        Files.write(file, new byte[0])
        matcher.find(screen, file, Options.defaults())

        then:
        def e = thrown(UnreadableImageException)
        e.message == "$file is empty (0 bytes), not a PNG/JPEG image".toString()
    }

    /** Searches at full resolution only, as before the half-resolution pass: what the pass must not lose. */
    @Shared ImageMatcher fullResolution = new ImageMatcher(false)

    @Unroll("#scenario: found where the full-resolution search finds it, with its exact score")
    def "the half-resolution pass finds what the full-resolution search finds"() {
        given:
        def screen = corpus[file]
        def needle = cut(screen, x, y, w, h)

        when:
        def fast = matcher.find(screen, needle, Options.defaults())
        def full = fullResolution.find(screen, needle, Options.defaults())

        then: 'the same place, or another with the very same pixels (a blank stretch, a band along a screen)'
        full.isPresent()
        fast.isPresent()
        fast.get().score() == full.get().score()
        fast.get().bounds() == full.get().bounds() || fast.get().score() > 0.9999

        where:
        scenario                                      | file                                | x    | y   | w   | h
        'at the top-left corner'                      | 'x11/top-terminus16.png'            | 0    | 0   | 200 | 40
        'at the bottom-right corner'                  | 'x11/ls-l-liberation12.png'         | 824  | 728 | 200 | 40
        'at the right edge, odd x'                    | 'x11/hexdump-uuid-dejavu15.png'     | 823  | 417 | 201 | 41
        'odd place and odd sizes (halving rounds up)' | 'vga/kernel-panic-vfs.png'          | 135  | 321 | 199 | 39
        'odd place, 17×17'                            | 'x11/whiptail-menu-terminus16.png'  | 549  | 299 | 17  | 17
        'smaller than 16 px: full resolution only'    | 'x11/whiptail-menu-terminus16.png'  | 548  | 299 | 15  | 15
        'one pixel wide and tall'                     | 'vga/e2fsck-prompt-1.png'           | 501  | 67  | 9   | 31
        'a band a few pixels beside its likeness'     | 'x11/whiptail-menu-terminus16.png'  | 705  | 249 | 64  | 64
        'a light band over a dark one, odd y'         | 'x11/setup-boot-liberationsans.png' | 481  | 549 | 200 | 40
    }

    def "a needle at the very edge of a region is found there"() {
        given:
        def screen = corpus['x11/top-terminus16.png']
        def needle = cut(screen, 185, 625, 200, 40)

        expect: 'the region holds the needle exactly, and one pixel more'
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(185, 625, 200, 40))).get().bounds() == new Rectangle(185, 625, 200, 40)
        matcher.find(screen, needle, Options.defaults().withRegion(new Rectangle(184, 624, 201, 41))).get().bounds() == new Rectangle(185, 625, 200, 40)
    }

    @Unroll("a near twin of the needle from #file (one glyph-sized part changed) scores the same as at full resolution, under the threshold")
    def "a near twin does not pass by the half-resolution pass"() {
        given:
        def screen = corpus[file]
        def altered = alterOneGlyph(screen, x, y, w, h)
        def needle = cut(altered, x, y, w, h)

        when:
        def fast = matcher.best(screen, needle, Options.defaults()).get()
        def full = fullResolution.best(screen, needle, Options.defaults()).get()

        then: 'the twin, close to the real thing at half resolution, is scored on the full pixels'
        fast.score() < 0.95
        full.score() < 0.95

        where:
        [file, x, y, w, h] << NEEDLES
    }
}
