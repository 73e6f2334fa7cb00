package io.vaxiin.cli

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Fixtures
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.ByteBuffer
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.CRC32
import java.util.zip.Deflater
import java.util.zip.DeflaterOutputStream

/** {@code vaxiin screen --image} given files that are not good screenshots: one line, never a trace. */
class ImageInputSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('vaxiin-images')
    @Shared byte[] png = Files.readAllBytes(Fixtures.ROOT.resolve('screens/vga/kernel-panic-vfs.png'))

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    Path file(String name, byte[] bytes) {
        Path f = dir.resolve(name)
        Files.write(f, bytes)
        f
    }

    Path image(String name, BufferedImage image) {
        Path f = dir.resolve(name)
        ImageIO.write(image, name.endsWith('.jpg') ? 'jpeg' : 'png', f.toFile())
        f
    }

    byte[] jpeg() {
        def out = new ByteArrayOutputStream()
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(png)), 'jpeg', out)
        out.toByteArray()
    }

    /** A valid grey PNG of any size, all black, written without ever holding its pixels. */
    byte[] hugePng(int w, int h) {
        def out = new ByteArrayOutputStream()
        out.write([0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a].collect { (it instanceof String ? it.charAt(0) : it) as byte } as byte[])
        chunk(out, 'IHDR', ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array())
        def data = new ByteArrayOutputStream()
        new DeflaterOutputStream(data, new Deflater(9)).withCloseable { z ->
            byte[] row = new byte[w + 1]
            h.times { z.write(row) }
        }
        chunk(out, 'IDAT', data.toByteArray())
        chunk(out, 'IEND', new byte[0])
        out.toByteArray()
    }

    static void chunk(OutputStream out, String type, byte[] data) {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array())
        byte[] t = type.getBytes('US-ASCII')
        out.write(t)
        out.write(data)
        def crc = new CRC32()
        crc.update(t)
        crc.update(data)
        out.write(ByteBuffer.allocate(4).putInt((int) crc.value).array())
    }

    @Unroll("screen --image with #what: exit 2 and one line")
    def "a file that is not a good image ends with exit 2 and one line naming it"() {
        given:
        Path f = make()

        when:
        def run = CliRun.of('screen', '--image', f.toString())

        then:
        run.code == 2
        run.out == ''
        run.err.readLines() == ["vaxiin: screen: $f $message".toString()]

        where:
        what                     | make                                                                       || message
        'a truncated PNG'        | { file('cut.png', Arrays.copyOf(png, png.length.intdiv(2))) }             || 'is not a readable PNG/JPEG image (truncated?)'
        'a PNG cut in its header'| { file('head.png', Arrays.copyOf(png, 20)) }                              || 'is not a readable PNG/JPEG image (truncated?)'
        'a damaged PNG'          | { byte[] b = png.clone(); (200..400).each { b[it] ^= 0x55 }; file('bad.png', b) } || 'is not a readable PNG/JPEG image (truncated?)'
        'a truncated JPEG'       | { byte[] j = jpeg(); file('cut.jpg', Arrays.copyOf(j, j.length.intdiv(2))) } || 'is not a readable PNG/JPEG image (truncated?): Truncated File - Missing EOI marker'
        'a text file'            | { file('notes.png', 'login: root\n'.bytes) }                               || 'is not a PNG/JPEG image (unknown format)'
        'an empty file'          | { file('empty.png', new byte[0]) }                                         || 'is empty (0 bytes), not a PNG/JPEG image'
        'a 10000×10000 image'    | { file('huge.png', hugePng(10000, 10000)) }                                || 'is 10000×10000 pixels (100 megapixels); images over 50 megapixels are refused (a console screen is a few)'
    }

    @Unroll("screen --image with #what: exit 0 and no text")
    def "images with nothing to read give empty text"() {
        given:
        Path f = make()

        when:
        def run = CliRun.of('screen', '--image', f.toString())

        then:
        run.code == 0
        run.out.trim() == ''
        run.err.readLines() == note.collect { it.replace('FILE', f.toString()) }

        where:
        what            | make                                                                               || note
        'a 1×1 image'   | { image('one.png', new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)) }          || []
        'an all-black screen' | { image('black.png', new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)) } || []
        'random noise'  | { image('noise.png', noise(1024, 768)) }                                           || ['vaxiin: screen: FILE looks like noise, not a screen (no two neighbouring pixels alike): no text']
    }

    static BufferedImage noise(int w, int h) {
        def image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        def random = new Random(42)
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt())
        image
    }

    def "a 1024×768 image is read (the bound is far above screens)"() {
        when:
        def run = CliRun.of('screen', '--image', Fixtures.ROOT.resolve('screens/vga/fbcon-ter16x32-initramfs-1024x768.png').toString())

        then:
        run.code == 0
        run.out.contains('Begin: Loading essential drivers ... done.')
    }
}
