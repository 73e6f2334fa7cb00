package io.vaxiin.connector.rfb

import java.nio.ByteBuffer
import java.util.zip.Deflater

/**
 * A scripted RFB server for golden tests: accepts up to {@code maxConnections} connections on
 * 127.0.0.1 and runs the script for each with a {@link Conn} that records every byte the client sent.
 */
class FakeRfbServer implements AutoCloseable {

    final ServerSocket server = new ServerSocket(0, 5, InetAddress.loopbackAddress)
    final List<Conn> conns = [].asSynchronized()
    final List<Throwable> errors = [].asSynchronized()
    private final Thread thread

    FakeRfbServer(int maxConnections = 1, Closure script) {
        thread = Thread.start {
            for (int i = 0; i < maxConnections; i++) {
                Socket s
                try {
                    s = server.accept()
                } catch (IOException ignored) {
                    return
                }
                def conn = new Conn(s, i)
                conns << conn
                Thread.start {
                    try {
                        script.call(conn)
                    } catch (Throwable t) {
                        if (!(t instanceof IOException)) errors << t
                    }
                }
            }
            server.close() // no more connections: a reconnect finds nothing listening
        }
    }

    int getPort() { server.localPort }

    /** Everything the client sent on connection {@code i}. */
    byte[] received(int i = 0) { conns[i].got.toByteArray() }

    void close() {
        server.close()
        conns.each { it.socket.close() }
        thread.join(2000)
    }

    static class Conn {
        final Socket socket
        final int index
        final ByteArrayOutputStream got = new ByteArrayOutputStream()
        final DataInputStream input
        final OutputStream out

        Conn(Socket socket, int index) {
            this.socket = socket
            this.index = index
            socket.soTimeout = 10_000
            def raw = socket.inputStream
            def g = got
            input = new DataInputStream(new InputStream() {
                int read() {
                    int b = raw.read()
                    if (b >= 0) synchronized (g) { g.write(b) }
                    b
                }
            })
            out = socket.outputStream
        }

        void send(byte[] b) { out.write(b); out.flush() }

        void send(List<Integer> b) { send(b as byte[]) }

        byte[] read(int n) {
            byte[] b = new byte[n]
            input.readFully(b)
            b
        }

        /** Server side of a 3.8 handshake with security None, up to and including ServerInit. */
        void init38(int w, int h, String name = 'fake') {
            send('RFB 003.008\n'.bytes)
            read(12)
            send([1, 1])
            read(1)
            send(u32(0))
            read(1)
            serverInit(w, h, name)
        }

        void serverInit(int w, int h, String name = 'fake') {
            send(u16(w) + u16(h) + [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + u32(name.length()) + (name.bytes as List))
        }

        /** Reads what the client sends after ServerInit: SetPixelFormat, SetEncodings, FramebufferUpdateRequest. */
        byte[] readSetup() {
            def a = read(20 + 4)
            int n = ((a[22] & 0xff) << 8) | (a[23] & 0xff)
            ((a as List) + (read(4 * n + 10) as List)) as byte[]
        }

        void close() { socket.close() }
    }

    // ---- message builders ----

    static List<Integer> u16(int v) { [(v >> 8) & 0xff, v & 0xff] }

    static List<Integer> u32(long v) { [(v >> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff] as List<Integer> }

    static List<Integer> update(int rects) { [0, 0] + u16(rects) }

    static List<Integer> rect(int x, int y, int w, int h, int encoding) { u16(x) + u16(y) + u16(w) + u16(h) + u32(encoding & 0xffffffffL) }

    /** Raw pixels in the client's format (B, G, R, 0) from 0xRRGGBB values. */
    static List<Integer> raw(List<Integer> rgb) { rgb.collectMany { [it & 0xff, (it >> 8) & 0xff, (it >> 16) & 0xff, 0] } }

    static List<Integer> compactLength(int n) {
        if (n < 0x80) return [n]
        if (n < 0x4000) return [(n & 0x7f) | 0x80, n >> 7]
        [(n & 0x7f) | 0x80, ((n >> 7) & 0x7f) | 0x80, n >> 14]
    }

    /** Compresses {@code data} into {@code deflater}'s stream with a sync flush, as RFB servers do. */
    static List<Integer> zlib(Deflater deflater, List<Integer> data) {
        deflater.setInput(data as byte[])
        def out = new ByteArrayOutputStream()
        byte[] buf = new byte[4096]
        int n
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n)
            if (n < buf.length) break
        }
        out.toByteArray() as List<Integer>
    }

    static String hex(byte[] b) { ByteBuffer.wrap(b).array().encodeHex().toString() }
}
