package io.vaxiin.connector.rfb

import io.vaxiin.connector.KeyCombo
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.time.Duration
import java.util.zip.Deflater

import static io.vaxiin.connector.rfb.FakeRfbServer.*

/** Byte-exact golden tests of the client against a scripted server. */
@Timeout(20)
class RfbProtocolSpec extends Specification {

    static final String SETUP_4X4 = '00000000' + '2018000100ff00ff00ff100800000000' +
            '02000005' + '00000007' + '00000010' + '00000001' + '00000000' + 'ffffff21' +
            '03000000000000040004'

    static RfbConfig.Builder config(FakeRfbServer s) {
        RfbConfig.builder('127.0.0.1', s.port).readTimeout(Duration.ofSeconds(3)).reconnect(ReconnectPolicy.NEVER)
    }

    @Unroll("RFB #greeting.trim() server: the client answers #answer.trim() and sets up byte for byte")
    def "handshakes of RFB 3.3, 3.7 and 3.8 are byte-exact"() {
        given:
        def fake = new FakeRfbServer({ c ->
            c.send(greeting.bytes)
            c.read(12)
            if (answer.contains('003.003')) {
                c.send(u32(1))
            } else {
                c.send([1, 1]); c.read(1)
                if (answer.contains('003.008')) c.send(u32(0))
            }
            c.read(1)
            c.serverInit(4, 4, 'desk')
            c.readSetup()
            c.send(update(1) + rect(0, 0, 4, 4, 0) + raw([0x102030] * 16))
            Thread.sleep(5000)
        })

        when:
        def console = RfbConsole.connect(config(fake).build())
        def frame = console.frame(Duration.ofSeconds(5))

        then:
        hex(fake.received()) == hex((answer + (sends1 ? '\1' : '') + '\1').bytes) + SETUP_4X4
        console.protocolVersion() == version
        console.desktopName() == 'desk'
        frame.version() == 1
        frame.width() == 4
        (frame.image().getRGB(3, 3) & 0xffffff) == 0x102030

        cleanup:
        console?.close()
        fake.close()

        where:
        greeting       || answer         | sends1 | version
        'RFB 003.003\n' || 'RFB 003.003\n' | false  | '3.3'
        'RFB 003.007\n' || 'RFB 003.007\n' | true   | '3.7'
        'RFB 003.008\n' || 'RFB 003.008\n' | true   | '3.8'
        'RFB 003.889\n' || 'RFB 003.008\n' | true   | '3.8'
        'RFB 003.005\n' || 'RFB 003.003\n' | false  | '3.3'
    }

    def "VNC authentication answers a known challenge with the bit-reversed-key DES response"() {
        expect: 'the value computed independently with openssl des-ecb and key cea6c64ea62e0000'
        VncAuth.response((0..15) as byte[], 'secret'.toCharArray()).encodeHex().toString() == 'ee22539f33a5983ec12f9c2edbc995dd'
        and: 'only the first 8 characters count'
        VncAuth.response((0..15) as byte[], 'secret12XYZ'.toCharArray()) == VncAuth.response((0..15) as byte[], 'secret12'.toCharArray())
    }

    def "the client sends the VNC authentication response on the wire (RFB 3.8)"() {
        given:
        def fake = new FakeRfbServer({ c ->
            c.send('RFB 003.008\n'.bytes); c.read(12)
            c.send([2, 1, 2]); c.read(1)
            c.send((0..15) as byte[]); c.read(16)
            c.send(u32(0)); c.read(1)
            c.serverInit(4, 4); c.readSetup()
            Thread.sleep(5000)
        })

        when:
        def console = RfbConsole.connect(config(fake).password('secret'.toCharArray()).build())

        then:
        hex(fake.received()).startsWith(hex('RFB 003.008\n'.bytes) + '02' + 'ee22539f33a5983ec12f9c2edbc995dd' + '01')

        cleanup:
        console?.close()
        fake.close()
    }

    def "key events: ctrl-alt-delete and typing 'Ab!' are byte-exact"() {
        given:
        def fake = new FakeRfbServer({ c ->
            c.init38(4, 4); c.readSetup()
            c.read(6 * 8 + 10 * 8)
            Thread.sleep(5000)
        })
        def console = RfbConsole.connect(config(fake).build())

        when:
        console.press(KeyCombo.parse('ctrl-alt-delete'))
        console.type('Ab!')
        Thread.sleep(300)
        def all = fake.received()
        def keys = hex(all[(all.length - 128)..-1] as byte[])

        then:
        keys == [
                '040100000000ffe3', '040100000000ffe9', '040100000000ffff', // Control_L, Alt_L, Delete down
                '040000000000ffff', '040000000000ffe9', '040000000000ffe3', // and up in reverse
                '040100000000ffe1', '0401000000000041', '0400000000000041', '040000000000ffe1', // Shift, A
                '0401000000000062', '0400000000000062', // b
                '040100000000ffe1', '0401000000000021', '0400000000000021', '040000000000ffe1', // Shift, !
        ].join('')

        cleanup:
        console?.close()
        fake.close()
    }

    def "typing maps newline to Return and tab to Tab, and press F1 is one keysym"() {
        given:
        def fake = new FakeRfbServer({ c -> c.init38(4, 4); c.readSetup(); c.read(3 * 16 + 16); Thread.sleep(5000) })
        def console = RfbConsole.connect(config(fake).build())

        when:
        console.type('\n\tx')
        console.press(KeyCombo.parse('F1'))
        Thread.sleep(300)
        def all = fake.received()

        then:
        hex(all[(all.length - 64)..-1] as byte[]) == '040100000000ff0d040000000000ff0d' + '040100000000ff09040000000000ff09' +
                '0401000000000078' + '0400000000000078' + '040100000000ffbe040000000000ffbe'

        cleanup:
        console?.close()
        fake.close()
    }

    /** Serves a 3.8 None handshake with a w×h screen, then the given update messages. */
    static FakeRfbServer serving(int w, int h, List<List<Integer>> updates) {
        new FakeRfbServer({ c ->
            c.init38(w, h); c.readSetup()
            updates.each { c.send(it); Thread.sleep(50) }
            while (c.input.read() >= 0) { } // record what the client sends until it goes
        })
    }

    static Map<String, Integer> pixels(BufferedImage img) {
        def m = [:]
        for (int y = 0; y < img.height; y++) for (int x = 0; x < img.width; x++) m["$x,$y".toString()] = img.getRGB(x, y) & 0xffffff
        m
    }

    static List<Integer> rgbs(BufferedImage img) {
        def l = []
        for (int y = 0; y < img.height; y++) for (int x = 0; x < img.width; x++) l << (img.getRGB(x, y) & 0xffffff)
        l
    }

    static RfbConsole connectAndWait(FakeRfbServer fake, long version) {
        def console = RfbConsole.connect(config(fake).build())
        def deadline = System.currentTimeMillis() + 5000
        while (console.frame(Duration.ofSeconds(5)).version() < version && System.currentTimeMillis() < deadline) {
            console.awaitChange(console.frame(Duration.ofSeconds(1)).version(), Duration.ofSeconds(1))
        }
        console
    }

    def "Raw and CopyRect rectangles decode, and the changed rectangle is the union of the update"() {
        given:
        def (R, G, B, K) = [0xff0000, 0x00ff00, 0x0000ff, 0]
        def fake = serving(4, 2, [
                update(1) + rect(0, 0, 4, 2, 0) + raw([R, G, B, K, K, K, K, K]),
                update(1) + rect(1, 1, 3, 1, 1) + u16(0) + u16(0), // copy R,G,B from (0,0) to (1,1)
        ])

        when:
        def console = connectAndWait(fake, 2)
        def f = console.frame(Duration.ofSeconds(2))

        then:
        f.version() == 2
        rgbs(f.image()) == [R, G, B, K, K, R, G, B]
        f.changed() == new java.awt.Rectangle(1, 1, 3, 1)

        cleanup:
        console?.close()
        fake.close()
    }

    def "ZRLE tiles decode: raw, solid, packed palette, plain RLE and palette RLE, on one zlib stream"() {
        given:
        def d = new Deflater()
        // CPIXEL is B, G, R for the client's pixel format
        def (red, blue, white, grey) = [[0, 0, 255], [255, 0, 0], [255, 255, 255], [128, 128, 128]]
        def tiles = [
                [0] + red + blue + white + grey + red + blue + white + grey,  // raw 4×2
                [1] + grey,                                                   // solid
                [2] + red + blue + [0xA0, 0x50],                               // 2 colours, 1 bit: RBRB / BRBR
                [128] + white + [2] + red + [4],                               // plain RLE: 3 white, 5 red
                [130] + blue + white + [0x80, 6, 1],                           // palette RLE: 7 blue, 1 white
        ]
        def updates = tiles.collect { t ->
            def z = zlib(d, t)
            update(1) + rect(0, 0, 4, 2, 16) + u32(z.size()) + z
        }
        def fake = serving(4, 2, updates)
        def (R, B, W, Gr) = [0xff0000, 0x0000ff, 0xffffff, 0x808080]

        when:
        def console = RfbConsole.connect(config(fake).build())
        def seen = []
        long v = 0
        while (seen.size() < 5) {
            def f = console.awaitChange(v, Duration.ofSeconds(5))
            assert f.version() > v
            v = f.version()
            seen << rgbs(f.image())
        }

        then:
        seen == [
                [R, B, W, Gr, R, B, W, Gr],
                [Gr] * 8,
                [B, R, B, R, R, B, R, B],
                [W, W, W, R, R, R, R, R],
                [B, B, B, B, B, B, B, W],
        ]

        cleanup:
        console?.close()
        fake.close()
    }

    def "Tight decodes fill, copy (raw and zlib), two- and many-colour palettes, gradient, JPEG and stream resets"() {
        given:
        def streams = (0..3).collect { new Deflater() }
        def (R, G, B, W) = [0xff0000, 0x00ff00, 0x0000ff, 0xffffff]
        def tp = { int c -> [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff] }
        List<Integer> grad = [0x102030, 0x203040, 0x304050, 0x405060, 0x152535, 0x253545, 0x355565, 0x456575]
        // forward gradient filter, written independently of the client's decoder
        def gradData = []
        for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) for (int c = 0; c < 3; c++) {
            int sh = 16 - 8 * c
            def px = { int xx, int yy -> (xx < 0 || yy < 0) ? 0 : (grad[yy * 4 + xx] >> sh) & 0xff }
            int pred = Math.max(0, Math.min(255, px(x - 1, y) + px(x, y - 1) - px(x - 1, y - 1)))
            gradData << ((px(x, y) - pred) & 0xff)
        }
        def copyPixels = [R, G, B, W, W, B, G, R]
        def copyZ = zlib(streams[0], copyPixels.collectMany(tp))
        def pal3 = [0, 1, 2, 0, 1, 2, 0, 1] // 8×1 → 8 bytes; pad to 12 with a 12×1 rect
        def pal3Data = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
        def pal3Z = zlib(streams[2], pal3Data)
        def gradZ = zlib(streams[3], gradData)
        def jpegBytes = new ByteArrayOutputStream().with { bos ->
            def img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB)
            for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) img.setRGB(x, y, 0x3366cc)
            ImageIO.write(img, 'jpg', bos); bos.toByteArray() as List<Integer>
        }
        def fresh = new Deflater()
        def resetZ = zlib(fresh, [W, W, W, W, R, R, R, R].collectMany(tp))
        def updates = [
                update(1) + rect(0, 0, 12, 2, 7) + [0x80] + tp(G),                                  // fill
                update(1) + rect(0, 0, 2, 1, 7) + [0x00] + tp(R) + tp(B),                           // copy, 6 bytes: uncompressed
                update(1) + rect(0, 0, 4, 2, 7) + [0x00] + compactLength(copyZ.size()) + copyZ,     // copy, zlib stream 0
                update(1) + rect(0, 0, 4, 2, 7) + [0x50, 1, 1] + tp(B) + tp(W) + [0x50, 0xA0],      // 2-colour palette, stream 1, 2 bytes raw
                update(1) + rect(0, 0, 12, 1, 7) + [0x60, 1, 2] + tp(R) + tp(G) + tp(B) + compactLength(pal3Z.size()) + pal3Z,
                update(1) + rect(0, 0, 4, 2, 7) + [0x70, 2] + compactLength(gradZ.size()) + gradZ, // gradient, stream 3
                update(1) + rect(0, 0, 4, 2, 7) + [0x90] + compactLength(jpegBytes.size()) + jpegBytes,
                update(1) + rect(0, 0, 4, 2, 7) + [0x01] + compactLength(resetZ.size()) + resetZ,   // reset stream 0, fresh zlib
        ]
        def fake = serving(12, 2, updates)

        when:
        def console = RfbConsole.connect(config(fake).build())
        def seen = []
        long v = 0
        while (seen.size() < updates.size()) {
            def f = console.awaitChange(v, Duration.ofSeconds(5))
            assert f.version() > v
            v = f.version()
            seen << f
        }
        def area = { f, int x, int y, int w, int h -> (0..<h).collectMany { yy -> (0..<w).collect { xx -> f.image().getRGB(x + xx, y + yy) & 0xffffff } } }

        then:
        area(seen[0], 0, 0, 12, 2) == [G] * 24
        area(seen[1], 0, 0, 2, 1) == [R, B]
        area(seen[2], 0, 0, 4, 2) == copyPixels
        area(seen[3], 0, 0, 4, 2) == [B, W, B, W, W, B, W, B]
        area(seen[4], 0, 0, 12, 1) == pal3Data.collect { [R, G, B][it] }
        area(seen[5], 0, 0, 4, 2) == grad
        area(seen[6], 0, 0, 4, 2).every { c -> [16, 8, 0].every { sh -> Math.abs(((c >> sh) & 0xff) - ((0x3366cc >> sh) & 0xff)) <= 8 } }
        area(seen[7], 0, 0, 4, 2) == [W, W, W, W, R, R, R, R]
        seen[7].changed() == new java.awt.Rectangle(0, 0, 4, 2)

        cleanup:
        console?.close()
        fake.close()
    }

    def "DesktopSize resizes the framebuffer and the next frame has the new size"() {
        given:
        def fake = serving(4, 2, [
                update(1) + rect(0, 0, 4, 2, 0) + raw([0x111111] * 8),
                update(2) + rect(0, 0, 6, 3, -223) + rect(0, 0, 6, 3, 0) + raw([0x222222] * 18),
        ])

        when:
        def console = connectAndWait(fake, 2)
        def f = console.frame(Duration.ofSeconds(2))
        Thread.sleep(300) // let the fake read the client's next request

        then:
        f.width() == 6
        f.height() == 3
        f.changed() == new java.awt.Rectangle(0, 0, 6, 3)
        rgbs(f.image()) == [0x222222] * 18
        and: 'after a resize the client asks for the whole new screen, not incrementally'
        hex(fake.received()).endsWith('03000000000000060003')

        cleanup:
        console?.close()
        fake.close()
    }

    def "an update that repaints the same pixels makes no new version"() {
        given:
        def fake = serving(2, 1, [
                update(1) + rect(0, 0, 2, 1, 0) + raw([1, 2]),
                update(1) + rect(0, 0, 2, 1, 0) + raw([1, 2]),
                update(1) + rect(1, 0, 1, 1, 0) + raw([3]),
        ])

        when:
        def console = connectAndWait(fake, 2)
        def f = console.frame(Duration.ofSeconds(2))
        def fromStart = console.awaitChange(0, Duration.ofSeconds(1))

        then:
        f.version() == 2
        f.changed() == new java.awt.Rectangle(1, 0, 1, 1)
        fromStart.changed() == new java.awt.Rectangle(0, 0, 2, 1)

        cleanup:
        console?.close()
        fake.close()
    }

    def "awaitChange returns the current frame when nothing changes within the timeout"() {
        given:
        def fake = serving(2, 1, [update(1) + rect(0, 0, 2, 1, 0) + raw([1, 2])])
        def console = connectAndWait(fake, 1)

        when:
        long t0 = System.nanoTime()
        def f = console.awaitChange(1, Duration.ofMillis(300))
        long ms = (System.nanoTime() - t0) / 1_000_000

        then:
        f.version() == 1
        ms >= 290 && ms < 2000

        cleanup:
        console?.close()
        fake.close()
    }

    def "the config never shows its password"() {
        when:
        def c = RfbConfig.fromUri('vnc://:hunter2@10.0.0.5:5901').build()

        then:
        c.host() == '10.0.0.5'
        c.port() == 5901
        c.hasPassword()
        !c.toString().contains('hunter2')
        c.endpoint() == '10.0.0.5:5901'
        new String(c.password()) == 'hunter2'
    }
}
