package io.vaxiin.fuzz

import static io.vaxiin.connector.rfb.RfbRig.*

import io.vaxiin.connector.redfish.MockupServer
import io.vaxiin.connector.redfish.RedfishConfig
import io.vaxiin.connector.rfb.RfbConfig
import io.vaxiin.connector.rfb.RfbConsole
import io.vaxiin.connector.rfb.RfbEncoding
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/**
 * Re-records the fuzz tests' seed corpora from real peers (README "Fuzzing"):
 * <ul>
 *   <li>{@code RfbFuzzTestInputs/session}: what TigerVNC's Xvnc (an xterm printing) and QEMU's VNC
 *       (SeaBIOS) send to Vaxiin's RFB client, handshake and first frames, for each encoding the
 *       client can ask for; a proxy between the real client and the real server keeps the
 *       server-to-client bytes (the first 48 KiB), after one byte of client options;</li>
 *   <li>{@code WebSocketFuzzTestInputs/frames}: the same from QEMU's WebSocket VNC, upgrade answer
 *       included, its Sec-WebSocket-Accept value replaced by {@code {ACCEPT}};</li>
 *   <li>{@code RedfishFuzzTestInputs/client}: the vendor mockups of the shared fixtures, served by
 *       {@link MockupServer}, as the raw HTTP answers to the requests the fuzz test's client makes,
 *       in order, NUL-separated.</li>
 * </ul>
 * Not part of {@code mvn test} (no *Spec name); run as
 * {@code mvn test -Dtest=FuzzSeedRecorder -Dvaxiin.recordSeeds=src/test/resources}.
 * Hand-written seeds (RFB 3.3/3.7, refusals, colour maps, bells, clipboard, resizes; the inventory
 * examples) sit beside the recorded ones and are not touched.
 */
@Requires({ System.getProperty('vaxiin.recordSeeds') })
class FuzzSeedRecorder extends Specification {

    static final int CAP = 48 * 1024

    @Shared Path out = Path.of(System.getProperty('vaxiin.recordSeeds', 'src/test/resources'))
    @Shared Path rfbDir = out.resolve('io/vaxiin/connector/rfb/RfbFuzzTestInputs/session')
    @Shared Path wsDir = out.resolve('io/vaxiin/connector/rfb/WebSocketFuzzTestInputs/frames')
    @Shared Path redfishDir = out.resolve('io/vaxiin/connector/redfish/RedfishFuzzTestInputs/client')
    @Shared Path tmp = Files.createTempDirectory('seed-recorder')

    def setupSpec() {
        [rfbDir, wsDir, redfishDir].each { Files.createDirectories(it) }
    }

    def cleanupSpec() {
        tmp.toFile().deleteDir()
    }

    static final Map<String, List> RFB_CONFIGS = [
            raw     : [[RfbEncoding.RAW], -1],
            copyrect: [[RfbEncoding.COPY_RECT, RfbEncoding.RAW], -1],
            zrle    : [[RfbEncoding.ZRLE], -1],
            tight   : [[RfbEncoding.TIGHT], -1],
            jpeg    : [[RfbEncoding.TIGHT], 5],
            all     : [[RfbEncoding.TIGHT, RfbEncoding.ZRLE, RfbEncoding.COPY_RECT, RfbEncoding.RAW], -1],
    ]

    def "records Xvnc, with security None and with VNC authentication"() {
        given:
        require('Xvnc'); require('xterm'); require('vncpasswd')
        def passwd = tmp.resolve('passwd').toFile()
        def vp = new ProcessBuilder('vncpasswd', '-f').redirectOutput(passwd).start()
        vp.outputStream.withCloseable { it.write('fuzz-pw\n'.bytes) }
        assert vp.waitFor() == 0
        int display = freeDisplay()
        int port = freePort()
        def xvnc = start(['Xvnc', ":$display", '-geometry', '320x200', '-depth', '24', '-rfbport', "$port",
                          '-interface', '127.0.0.1', '-nolisten', 'tcp', '-AlwaysShared', '-SecurityTypes', 'None,VncAuth',
                          '-PasswordFile', passwd.path])
        awaitPort(port, xvnc, 10_000, 'Xvnc')
        // Text that keeps scrolling, so updates bring CopyRect and many tiles.
        def xterm = start(['xterm', '-geometry', '80x20+0+0', '-bg', 'black', '-fg', 'gray90', '-e', 'sh', '-c',
                           'while :; do date; ls -l /; sleep 0.1; done'], [DISPLAY: ":$display"])
        Thread.sleep(1500)

        when:
        RFB_CONFIGS.each { name, c ->
            record(rfbDir.resolve("xvnc-$name"), port, c[0] as List, c[1] as int, false)
        }
        record(rfbDir.resolve('xvnc-vncauth'), port, [RfbEncoding.ZRLE], -1, true)

        then:
        Files.size(rfbDir.resolve('xvnc-zrle')) > 100

        cleanup:
        stop(xterm)
        stop(xvnc, port)
    }

    def "records QEMU's VNC, over TCP and over WebSocket"() {
        given:
        require('qemu-system-x86_64')
        int vncPort = freePortBetween(6000, 9000)
        int wsPort = freePort()
        def qemu = start(['qemu-system-x86_64', '-accel', 'tcg', '-m', '128', '-nic', 'none', '-display', 'none',
                          '-vnc', "127.0.0.1:${vncPort - 5900},websocket=127.0.0.1:$wsPort"])
        awaitPort(vncPort, qemu, 10_000, 'QEMU (VNC)')
        Thread.sleep(4000) // SeaBIOS reaches "No bootable device."

        when:
        RFB_CONFIGS.each { name, c ->
            record(rfbDir.resolve("qemu-$name"), vncPort, c[0] as List, c[1] as int, false)
        }
        recordWebSocket(wsDir.resolve('qemu-zrle'), wsPort, [RfbEncoding.ZRLE], -1)
        recordWebSocket(wsDir.resolve('qemu-tight'), wsPort, [RfbEncoding.TIGHT], -1)
        recordWebSocket(wsDir.resolve('qemu-raw'), wsPort, [RfbEncoding.RAW], -1)

        then:
        Files.size(wsDir.resolve('qemu-zrle')) > 100

        cleanup:
        stop(qemu, vncPort)
    }

    def "records the vendor Redfish mockups as the answers discovery and every action get"() {
        when:
        for (String flavour : ['dell-idrac9', 'dmtf-public-rackmount1', 'hpe-ilo5', 'openbmc', 'openbmc-nvidia-gb300', 'supermicro']) {
            new MockupServer(flavour).withCloseable { m -> recordRedfish(redfishDir.resolve(flavour), m) }
        }
        new MockupServer('hpe-ilo5').withCloseable { m ->
            m.sessions = false
            recordRedfish(redfishDir.resolve('hpe-ilo5-basic-auth'), m)
        }
        new MockupServer('dell-idrac9').withCloseable { m ->
            m.injected['POST /redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset'] =
                    [409, MockupServer.error('dell-idrac9--RAC0679-job-running.json')]
            m.injected['PATCH /redfish/v1/Systems/System.Embedded.1'] = [400, MockupServer.error('dell-idrac9--LC068-pending-config.json')]
            recordRedfish(redfishDir.resolve('dell-idrac9-errors'), m)
        }

        then:
        Files.size(redfishDir.resolve('openbmc')) > 100
    }

    def "writes the hand-made RFB and WebSocket seeds: other versions, refusals and every server message"() {
        when:
        byte[] session = rfb33Session()
        Files.write(rfbDir.resolve('made-rfb33-every-message'), concat([0] as byte[], session))
        Files.write(rfbDir.resolve('made-rfb37-vncauth-refused'), concat([1] as byte[],
                ascii('RFB 003.007\n') + [1, 2] + new byte[16].toList() + u32(1)))
        Files.write(rfbDir.resolve('made-rfb38-refused'), concat([0] as byte[],
                ascii('RFB 003.008\n') + [0] + string('Too many security failures')))
        Files.write(rfbDir.resolve('made-rfb38-none-failed'), concat([0] as byte[],
                ascii('RFB 003.008\n') + [1, 1] + u32(1) + string('no more connections')))
        Files.write(rfbDir.resolve('made-rfb38-unsupported'), concat([0] as byte[], ascii('RFB 003.008\n') + [3, 18, 19, 16]))
        // Over WebSocket: the session split into a fragmented binary message with a ping between the
        // fragments, 16-bit and 64-bit lengths, then a close frame with a code and a reason.
        List<Integer> frames = []
        int half = session.length.intdiv(2)
        frames += frame(0x02, false, session[0..<half] as byte[])
        frames += frame(0x09, true, ascii('ping'))
        frames += frame(0x00, true, session[half..<session.length] as byte[])
        frames += frame(0x02, true, new byte[300])
        frames += [0x82, 127] + u64(4) + [2, 0, 0, 0]
        frames += frame(0x08, true, [0x03, 0xe8] + ascii('bye'))
        Files.write(wsDir.resolve('made-fragmented-ping-close'), concat([1] as byte[], frames as byte[]))
        Files.write(wsDir.resolve('made-text-frame'), concat([1] as byte[], frame(0x01, true, ascii('RFB 003.008\n')) as byte[]))

        then:
        Files.size(rfbDir.resolve('made-rfb33-every-message')) > 50
    }

    /** RFB 3.3, no authentication, then one of each server message and rectangle this client reads. */
    static byte[] rfb33Session() {
        List<Integer> b = []
        b += ascii('RFB 003.003\n') + u32(1)
        b += u16(16) + u16(8) + [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + string('made')
        b += [1, 0] + u16(0) + u16(2) + new byte[12].toList()             // SetColourMapEntries
        b += [2]                                                          // Bell
        b += [3, 0, 0, 0] + string('clipboard text')                      // ServerCutText
        b += [0, 0] + u16(8)                                              // FramebufferUpdate, 8 rectangles
        b += rect(0, 0, 32, 16, -223)                                     // DesktopSize
        b += rect(0, 0, 2, 2, 0) + new byte[16].toList().collect { 0x7f } // Raw
        b += rect(4, 4, 2, 2, 1) + u16(0) + u16(0)                        // CopyRect
        b += rect(8, 0, 4, 4, 7) + [0x80, 10, 20, 30]                     // Tight fill
        b += rect(0, 8, 4, 2, 7) + [0x40, 1, 1, 0, 0, 0, 255, 255, 255, 0x90, 0x60]   // Tight palette, 2 colours
        byte[] jpeg = jpeg(4, 4)
        b += rect(12, 0, 4, 4, 7) + [0x90] + compact(jpeg.length) + (jpeg as List)     // Tight JPEG
        byte[] z = zlib([1, 0, 0, 255] as byte[])                          // one solid tile
        b += rect(16, 0, 8, 8, 16) + u32(z.length) + (z as List)          // ZRLE
        byte[] t = zlib(new byte[4 * 4 * 3])
        b += rect(24, 0, 4, 4, 7) + [0x00] + compact(t.length) + (t as List)           // Tight basic, zlib stream 0
        b as byte[]
    }

    static List<Integer> ascii(String s) { s.getBytes(StandardCharsets.US_ASCII) as List }
    static List<Integer> u16(int v) { [(v >> 8) & 0xff, v & 0xff] }
    static List<Integer> u32(long v) { [(v >> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff] }
    static List<Integer> u64(long v) { u32(v >>> 32) + u32(v & 0xffffffffL) }
    static List<Integer> string(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); u32(b.length) + (b as List) }
    static List<Integer> rect(int x, int y, int w, int h, int enc) { u16(x) + u16(y) + u16(w) + u16(h) + u32(enc & 0xffffffffL) }
    static List<Integer> compact(int n) { n < 128 ? [n] : n < 16384 ? [0x80 | (n & 0x7f), n >> 7] : [0x80 | (n & 0x7f), 0x80 | ((n >> 7) & 0x7f), n >> 14] }

    static List<Integer> frame(int opcode, boolean fin, def payload) {
        List<Integer> p = payload as List
        List<Integer> f = [(fin ? 0x80 : 0) | opcode]
        f += p.size() < 126 ? [p.size()] : [126] + u16(p.size())
        f + p
    }

    static byte[] zlib(byte[] data) {
        def d = new java.util.zip.Deflater()
        d.setInput(data)
        d.finish()
        byte[] out = new byte[data.length + 64]
        int n = d.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH)
        d.end()
        Arrays.copyOf(out, n)
    }

    static byte[] jpeg(int w, int h) {
        def img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB)
        img.setRGB(1, 1, 0xff8000)
        def bytes = new ByteArrayOutputStream()
        javax.imageio.ImageIO.write(img, 'jpeg', bytes)
        bytes.toByteArray()
    }

    // ---- RFB ----

    /** The real client through a recording proxy; keeps what the server sent in the first second. */
    void record(Path seed, int port, List<RfbEncoding> encodings, int jpeg, boolean password) {
        def proxy = new RecordingProxy(port, false)
        def config = RfbConfig.builder('127.0.0.1', proxy.port).encodings(encodings as RfbEncoding[]).jpegQuality(jpeg)
                .password(password ? 'fuzz-pw'.toCharArray() : null).build()
        byte[] bytes = proxy.withCloseable { capture(it, config) }
        int options = (password ? 1 : 0) | (jpeg >= 0 ? 2 : 0)
        Files.write(seed, concat([options as byte] as byte[], bytes))
    }

    void recordWebSocket(Path seed, int port, List<RfbEncoding> encodings, int jpeg) {
        def proxy = new RecordingProxy(port, true)
        def config = RfbConfig.webSocket("ws://127.0.0.1:${proxy.port}/").encodings(encodings as RfbEncoding[]).jpegQuality(jpeg).build()
        byte[] bytes = proxy.withCloseable { capture(it, config) }
        String text = new String(bytes, StandardCharsets.ISO_8859_1)
        text = text.replaceFirst('(?i)(Sec-WebSocket-Accept: *)[A-Za-z0-9+/=]+', '$1{ACCEPT}')
        Files.write(seed, concat([0 as byte] as byte[], text.getBytes(StandardCharsets.ISO_8859_1)))
    }

    static byte[] capture(RecordingProxy proxy, RfbConfig config) {
        def console = RfbConsole.connect(config)
        try {
            console.frame(Duration.ofSeconds(10))
            Thread.sleep(1000)
        } finally {
            console.close()
        }
        byte[] all = proxy.fromServer()
        all.length > CAP ? Arrays.copyOf(all, CAP) : all
    }

    /** Accepts one client, connects it to the server, copies both ways and keeps the server's bytes. */
    static class RecordingProxy implements Closeable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.loopbackAddress)
        final ByteArrayOutputStream recorded = new ByteArrayOutputStream()
        final List<Closeable> open = []

        RecordingProxy(int serverPort, boolean webSocket) {
            Thread.start {
                try {
                    Socket client = listener.accept()
                    Socket server = new Socket('127.0.0.1', serverPort)
                    open << client << server
                    Thread.start { pump(client.inputStream, server.outputStream, null) }
                    pump(server.inputStream, client.outputStream, recorded)
                } catch (IOException ignored) {
                    // closed
                }
            }
        }

        int getPort() { listener.localPort }

        static void pump(InputStream from, OutputStream to, ByteArrayOutputStream copy) {
            byte[] buf = new byte[16384]
            int n
            try {
                while ((n = from.read(buf)) >= 0) {
                    if (copy != null) synchronized (copy) { copy.write(buf, 0, n) }
                    to.write(buf, 0, n)
                    to.flush()
                }
            } catch (IOException ignored) {
                // one side hung up
            }
        }

        byte[] fromServer() { synchronized (recorded) { recorded.toByteArray() } }

        void close() {
            listener.close()
            open.each { it.close() }
        }
    }

    // ---- Redfish ----

    /** Serves the mockup through a proxy that turns each answer into a raw HTTP response and keeps it. */
    void recordRedfish(Path seed, MockupServer mockup) {
        def http = HttpClient.newHttpClient()
        List<byte[]> answers = []
        def peer = LoopbackPeer.start()
        peer.handle { Socket s ->
            def input = new BufferedInputStream(s.inputStream)
            String head = LoopbackPeer.readHead(input)
            String[] line = head.split('\r\n')[0].split(' ')
            String length = LoopbackPeer.header(head, 'Content-Length')
            byte[] body = length ? input.readNBytes(length as int) : new byte[0]
            def rb = HttpRequest.newBuilder(URI.create(mockup.url + line[1]))
                    .method(line[0], body.length > 0 ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody())
            ['X-Auth-Token', 'Authorization', 'If-Match', 'Content-Type'].each { h ->
                String v = LoopbackPeer.header(head, h)
                if (v) rb.header(h, v)
            }
            HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray())
            StringBuilder answer = new StringBuilder("HTTP/1.1 ${r.statusCode()} ${reason(r.statusCode())}\r\n")
            ['Content-Type', 'X-Auth-Token', 'Location', 'ETag'].each { h ->
                r.headers().firstValue(h).ifPresent { answer << "$h: $it\r\n" }
            }
            answer << 'Connection: close\r\n\r\n'
            byte[] bytes = concat(answer.toString().getBytes(StandardCharsets.ISO_8859_1), r.body())
            synchronized (answers) { answers << bytes }
            LoopbackPeer.sendAndDrain(s, bytes)
        }
        def config = RedfishConfig.builder().url("http://127.0.0.1:${peer.port()}")
                .credentials(MockupServer.USER, MockupServer.PASSWORD)
                .verifyInterval(Duration.ofMillis(1)).build()
        io.vaxiin.connector.redfish.RedfishFuzzTest.exercise(config, new byte[0])
        peer.close()
        def joined = new ByteArrayOutputStream()
        answers.eachWithIndex { a, i ->
            if (i > 0) joined.write(0)
            joined.write(a)
        }
        Files.write(seed, joined.toByteArray())
    }

    static byte[] concat(byte[] a, List b) {
        concat(a, b as byte[])
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length)
        System.arraycopy(b, 0, out, a.length, b.length)
        out
    }

    static String reason(int code) {
        [200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
         404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed'][code] ?: 'Status'
    }
}
