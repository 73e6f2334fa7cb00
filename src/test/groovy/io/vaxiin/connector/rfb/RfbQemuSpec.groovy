package io.vaxiin.connector.rfb

import io.vaxiin.connector.Frame
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

import static io.vaxiin.connector.rfb.RfbRig.*

/**
 * Against QEMU's own VNC server showing SeaBIOS ("No bootable device."): the client's frame is
 * the picture QEMU's QMP screendump writes, over TCP and over QEMU's WebSocket listener.
 */
@Timeout(90)
class RfbQemuSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('rfb-qemu')
    @Shared int vncPort
    @Shared int wsPort
    @Shared int qmpPort
    @Shared Process qemu
    @Shared Qmp qmp

    def setupSpec() {
        require('qemu-system-x86_64')
        vncPort = freePortBetween(6000, 9000)
        wsPort = freePort()
        qmpPort = freePort()
        qemu = start(['qemu-system-x86_64', '-accel', 'tcg', '-m', '128', '-nic', 'none', '-display', 'none',
                      '-vnc', "127.0.0.1:${vncPort - 5900},websocket=127.0.0.1:$wsPort",
                      '-qmp', "tcp:127.0.0.1:$qmpPort,server,nowait"], [:], dir.resolve('qemu.log').toFile())
        awaitPort(qmpPort, qemu, 10_000, 'QEMU (QMP)')
        qmp = new Qmp(qmpPort)
        awaitPort(vncPort, qemu, 10_000, 'QEMU (VNC)')
        // SeaBIOS gives up booting within a few seconds; wait until its screen stops changing size.
        Thread.sleep(4000)
    }

    def cleanupSpec() {
        qmp?.close()
        stop(qemu, vncPort)
        dir.toFile().deleteDir()
    }

    /** Compares client frames with QMP screendumps until they match (the cursor blinks); returns the fewest differing pixels. */
    int bestDifference(RfbConsole console) {
        int best = Integer.MAX_VALUE
        long deadline = System.currentTimeMillis() + 20_000
        while (best > 0 && System.currentTimeMillis() < deadline) {
            def dump = qmp.screendump(dir.resolve("dump-${System.nanoTime()}.ppm"))
            Frame f = console.frame(Duration.ofSeconds(10))
            // QEMU backs its update timer off when idle: give a just-made change time to arrive.
            for (int i = 0; i < 6 && best > 0; i++) {
                best = Math.min(best, difference(f.image(), dump))
                if (best > 0) f = console.awaitChange(f.version(), Duration.ofMillis(500))
            }
        }
        best
    }

    static int difference(BufferedImage a, BufferedImage b) {
        if (a.width != b.width || a.height != b.height) return Integer.MAX_VALUE - 1
        int n = 0
        for (int y = 0; y < a.height; y++) for (int x = 0; x < a.width; x++) {
            if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) n++
        }
        n
    }

    @Unroll("over TCP with #encoding, the frame equals QEMU's screendump pixel for pixel")
    def "frames over TCP equal QMP screendump"() {
        given:
        def console = RfbConsole.connect(RfbConfig.builder('127.0.0.1', vncPort).encodings(encoding, RfbEncoding.RAW).build())

        when:
        int diff = bestDifference(console)
        def f = console.frame(Duration.ofSeconds(5))

        then:
        diff == 0
        f.width() == 720 && f.height() == 400 // VGA text mode
        nonBackground(f.image()) > 500        // SeaBIOS's text
        console.rectangles(encoding) > 0

        cleanup:
        console?.close()

        where:
        encoding << [RfbEncoding.TIGHT, RfbEncoding.ZRLE, RfbEncoding.RAW]
    }

    def "over QEMU's WebSocket listener (ws://), the frame equals the screendump too"() {
        given:
        def console = RfbConsole.connect(RfbConfig.webSocket("ws://127.0.0.1:$wsPort/").build())

        when:
        int diff = bestDifference(console)

        then:
        console.config().transport() == RfbConfig.Transport.WEBSOCKET
        console.describe() == "VNC at ws://127.0.0.1:$wsPort/".toString()
        diff == 0
        console.rectangles(RfbEncoding.TIGHT) > 0

        cleanup:
        console?.close()
    }

    /** A minimal QMP client: capabilities, then screendump. */
    static class Qmp implements Closeable {
        final Socket socket
        final BufferedReader input
        final Writer out

        Qmp(int port) {
            socket = new Socket('127.0.0.1', port)
            socket.soTimeout = 10_000
            input = new BufferedReader(new InputStreamReader(socket.inputStream, 'UTF-8'))
            out = new OutputStreamWriter(socket.outputStream, 'UTF-8')
            input.readLine() // greeting
            command('{"execute":"qmp_capabilities"}')
        }

        String command(String json) {
            out.write(json + '\n')
            out.flush()
            String line
            while ((line = input.readLine()) != null) {
                if (line.contains('"return"')) return line
                if (line.contains('"error"')) throw new IllegalStateException("QMP: $line")
            }
            throw new IllegalStateException('QMP closed')
        }

        BufferedImage screendump(Path file) {
            command("{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"$file\"}}")
            def img = readPpm(Files.readAllBytes(file))
            Files.delete(file)
            img
        }

        static BufferedImage readPpm(byte[] b) {
            int pos = 0
            def token = {
                while (Character.isWhitespace(b[pos] as char)) pos++
                int start = pos
                while (!Character.isWhitespace(b[pos] as char)) pos++
                new String(b, start, pos - start, 'US-ASCII')
            }
            assert token() == 'P6'
            int w = token() as int, h = token() as int
            assert token() == '255'
            pos++ // the single whitespace before the pixels
            def img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                int i = pos + 3 * (y * w + x)
                img.setRGB(x, y, (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff))
            }
            img
        }

        void close() {
            socket.close()
        }
    }
}
