package io.vaxiin.connector.rfb;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection to an RFB server: the handshake, then one server message at a time on the
 * console's reader thread, and client messages from any thread.
 */
final class RfbSession {

    static final String PROTOCOL = "VNC";
    /** Largest screen side accepted; larger ones are taken for garbage, not allocated. */
    static final int MAX_SIDE = 8192;
    static final long MAX_PIXELS = 32L * 1024 * 1024;
    private static final int MAX_STRING = 64 * 1024;
    private static final long MAX_CUT_TEXT = 16L * 1024 * 1024;

    private static final int SEC_NONE = 1;
    private static final int SEC_VNC = 2;

    private final RfbConfig config;
    private final Transport transport;
    private final RfbInput in;
    private final OutputStream out;
    private final FrameStore fb;
    private final RectDecoder decoder;
    private final Object writeLock = new Object();
    private int minor;
    private String name = "";
    /** What the reader is in the middle of, for the message when the connection drops. */
    private String reading;

    private RfbSession(RfbConfig config, Transport transport, FrameStore fb) {
        this.config = config;
        this.transport = transport;
        this.in = new RfbInput(transport.in());
        this.out = transport.out();
        this.fb = fb;
        this.decoder = new RectDecoder(in, fb);
    }

    static String describe(RfbConfig config) {
        return PROTOCOL + " at " + config.endpoint();
    }

    /** Connects, shakes hands, asks for the pixel format, encodings and a first full frame. */
    static RfbSession open(RfbConfig config, FrameStore fb) {
        long start = System.nanoTime();
        Transport transport;
        try {
            transport = config.transport() == RfbConfig.Transport.TCP ? TcpTransport.open(config) : WebSocketTransport.open(config);
        } catch (WebSocketTransport.UpgradeException e) {
            throw connectFailure(config, e);
        } catch (IOException e) {
            throw error(config, Kind.UNREACHABLE, "connect", "is unreachable: " + unreachableDetail(config, e), e);
        }
        RfbSession s = new RfbSession(config, transport, fb);
        String phase = "handshake";
        // A server may answer each read in time and still never finish: the whole connect has a deadline.
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        long left = config.handshakeTimeout().toNanos() - (System.nanoTime() - start);
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            transport.close();
        }, Math.max(0, left), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            s.handshake();
            phase = "authentication";
            s.authenticate();
            phase = "initialisation";
            s.initialise();
            watchdog.cancel(false);
            if (!expired.get()) return s;
            throw new java.net.SocketException("closed at the connect deadline");
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            s.abandon();
            if (expired.get()) {
                throw error(config, Kind.UNREACHABLE, phase, "did not finish connecting within "
                        + seconds(config.handshakeTimeout().toMillis()) + " (stopped after "
                        + String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9)
                        + ", during the " + phase + ")", e);
            }
            if (e instanceof ConnectorException c) throw c;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof MalformedDataException m) throw error(config, Kind.PROTOCOL, phase, m.getMessage(), m);
            if (e instanceof SocketTimeoutException) {
                throw error(config, Kind.UNREACHABLE, phase, "did not answer within " + seconds(config.readTimeout().toMillis())
                        + " during the " + phase, e);
            }
            if (e instanceof EOFException) throw error(config, Kind.UNREACHABLE, phase, "closed the connection during the " + phase, e);
            throw error(config, Kind.UNREACHABLE, phase, "lost the connection during the " + phase + " (" + detail(e) + ")", e);
        }
    }

    /** Closes the connections of connects that passed their deadline. */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rfb-connect-deadline");
                t.setDaemon(true);
                return t;
            });

    private static ConnectorException connectFailure(RfbConfig config, WebSocketTransport.UpgradeException e) {
        if (e.certificateSha256 != null) {
            return error(config, Kind.UNREACHABLE, "connect", "presented a TLS certificate this client does not trust (SHA-256 "
                    + e.certificateSha256 + "); if it is this BMC's own, trust it with tlsFingerprint: \""
                    + e.certificateSha256 + "\" for this server in the inventory", e);
        }
        if (e.httpCode == 401 || e.httpCode == 403) {
            return error(config, Kind.AUTHENTICATION, "connect", "refused the WebSocket connection (HTTP " + e.httpCode + ")", e);
        }
        if (e.httpCode > 0) {
            return error(config, Kind.REFUSED, "connect", "answered HTTP " + e.httpCode + " instead of a WebSocket upgrade", e);
        }
        return error(config, Kind.UNREACHABLE, "connect", "is unreachable: " + detail(e), e);
    }

    static ConnectorException error(RfbConfig config, Kind kind, String phase, String predicate, Throwable cause) {
        return new ConnectorException(kind, config.endpoint(), PROTOCOL, phase, describe(config) + " " + predicate, cause);
    }

    static String unreachableDetail(RfbConfig config, IOException e) {
        if (e instanceof ConnectException) return "nothing is listening (connection refused)";
        if (e instanceof SocketTimeoutException) return "no answer within " + seconds(config.connectTimeout().toMillis());
        if (e instanceof UnknownHostException) return "unknown host";
        if (e instanceof NoRouteToHostException) return "no route to host";
        return detail(e);
    }

    static String detail(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : printable(m);
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + (millis == 1000 ? " second" : " seconds") : millis + " ms";
    }

    /** A peer's text made safe for one log line: printable, at most 200 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString().trim();
    }

    // ---- handshake ----

    private void handshake() throws IOException {
        byte[] greeting = new byte[12];
        in.readFully(greeting, 0, 12);
        String g = new String(greeting, StandardCharsets.US_ASCII);
        if (!g.matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw new MalformedDataException("is not an RFB server (it greeted with \"" + printable(g) + "\")");
        }
        int major = Integer.parseInt(g.substring(4, 7));
        int serverMinor = Integer.parseInt(g.substring(8, 11));
        if (major < 3) throw new MalformedDataException("speaks RFB " + major + "." + serverMinor + ", older than 3.3");
        minor = major > 3 || serverMinor >= 8 ? 8 : serverMinor == 7 ? 7 : 3;
        send(("RFB 003.00" + minor + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    String version() {
        return "3." + minor;
    }

    private void authenticate() throws IOException {
        int type;
        if (minor == 3) {
            type = in.s32();
            if (type == 0) throw refused(readString());
        } else {
            int n = in.u8();
            if (n == 0) throw refused(readString());
            byte[] types = new byte[n];
            in.readFully(types, 0, n);
            type = choose(types);
            send(new byte[] {(byte) type});
        }
        if (type == SEC_VNC) {
            char[] password = config.password();
            if (password == null) {
                throw error(config, Kind.AUTHENTICATION, "authentication", "asks for a password (RFB " + version()
                        + ", VNC authentication) and none was given", null);
            }
            byte[] challenge = new byte[16];
            in.readFully(challenge, 0, 16);
            byte[] response = VncAuth.response(challenge, password);
            Arrays.fill(password, '\0');
            send(response);
        } else if (type != SEC_NONE) {
            throw unsupported(List.of(type));
        }
        if (minor == 8 || type == SEC_VNC) {
            long result = in.u32();
            if (result != 0) {
                String reason = minor == 8 ? readString() : "";
                String what = "(RFB " + version() + ", " + (type == SEC_VNC ? "VNC authentication" : "no authentication") + ")";
                String predicate = type == SEC_VNC ? "refused the password " + what : "refused the connection " + what;
                throw error(config, Kind.AUTHENTICATION, "authentication", predicate + (reason.isEmpty() ? "" : ": " + reason), null);
            }
        }
    }

    private int choose(byte[] types) {
        List<Integer> offered = new ArrayList<>();
        for (byte t : types) offered.add(t & 0xff);
        boolean vnc = offered.contains(SEC_VNC);
        boolean none = offered.contains(SEC_NONE);
        // With a password, prefer authenticating; without one, None if offered, else VNC auth fails clearly.
        if (config.hasPassword() && vnc) return SEC_VNC;
        if (none) return SEC_NONE;
        if (vnc) return SEC_VNC;
        throw unsupported(offered);
    }

    private ConnectorException unsupported(List<Integer> offered) {
        StringBuilder b = new StringBuilder();
        for (int t : offered) {
            if (b.length() > 0) b.append(", ");
            b.append(t).append(securityName(t));
        }
        return error(config, Kind.PROTOCOL, "authentication", "offers only security type" + (offered.size() == 1 ? " " : "s ") + b
                + ", none of which this client supports (None, VNC authentication)", null);
    }

    private static String securityName(int t) {
        return switch (t) {
            case 5 -> " (RA2)";
            case 6 -> " (RA2ne)";
            case 16 -> " (Tight)";
            case 18 -> " (TLS)";
            case 19 -> " (VeNCrypt)";
            case 22 -> " (XVP)";
            case 30 -> " (Apple)";
            case 113, 129 -> " (Unix login)";
            default -> "";
        };
    }

    private ConnectorException refused(String reason) {
        return error(config, Kind.REFUSED, "authentication", "refused the connection" + (reason.isEmpty() ? "" : ": " + reason), null);
    }

    private String readString() throws IOException {
        long len = in.u32();
        if (len > MAX_STRING) throw new MalformedDataException("sent a text of " + len + " bytes, more than the " + MAX_STRING + " allowed");
        byte[] b = new byte[(int) len];
        in.readFully(b, 0, b.length);
        return printable(new String(b, StandardCharsets.UTF_8));
    }

    private void initialise() throws IOException {
        send(new byte[] {1}); // ClientInit: shared, so a person's viewer stays connected
        int w = in.u16();
        int h = in.u16();
        checkSize(w, h, "its screen");
        byte[] serverFormat = new byte[16];
        in.readFully(serverFormat, 0, 16);
        name = readString();
        fb.resize(w, h);
        ByteBuffer msg = ByteBuffer.allocate(20 + 4 + 4 * (config.encodings().size() + 2) + 10);
        // SetPixelFormat: 32 bpp, depth 24, little-endian, true colour, 255/255/255 at 16/8/0.
        msg.put(new byte[] {0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
        List<Integer> codes = new ArrayList<>();
        for (RfbEncoding e : config.encodings()) codes.add(e.code());
        if (config.jpegQuality() >= 0) codes.add(-32 + config.jpegQuality());
        codes.add(RfbEncoding.DESKTOP_SIZE);
        msg.put((byte) 2).put((byte) 0).putShort((short) codes.size());
        for (int c : codes) msg.putInt(c);
        putRequest(msg, false, w, h);
        send(Arrays.copyOf(msg.array(), msg.position()));
    }

    private static void putRequest(ByteBuffer msg, boolean incremental, int w, int h) {
        msg.put((byte) 3).put((byte) (incremental ? 1 : 0)).putShort((short) 0).putShort((short) 0)
                .putShort((short) w).putShort((short) h);
    }

    private void checkSize(int w, int h, String what) throws MalformedDataException {
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new MalformedDataException("sent an absurd size " + w + "×" + h + " for " + what);
        }
    }

    /** How many rectangles this connection decoded in {@code encoding}. */
    long rectangles(RfbEncoding encoding) {
        return decoder.counts.get(encoding.code());
    }

    String desktopName() {
        return name;
    }

    // ---- server messages ----

    /**
     * Reads and applies one server message.
     *
     * @return false when no message began within the read timeout (an idle screen)
     */
    boolean readMessage() throws IOException {
        int type;
        try {
            type = in.u8();
        } catch (SocketTimeoutException idle) {
            return false;
        }
        switch (type) {
            case 0 -> {
                reading = "a frame update";
                update();
            }
            case 1 -> {
                reading = "a colour map";
                in.u8();
                in.u16();
                in.skip(6L * in.u16());
            }
            case 2 -> { } // Bell
            case 3 -> {
                reading = "clipboard text";
                in.skip(3);
                long len = in.u32();
                if (len > MAX_CUT_TEXT) throw new MalformedDataException("sent clipboard text of " + len + " bytes, more than the 16 MiB allowed");
                in.skip(len);
            }
            default -> throw new MalformedDataException("sent an unknown message type " + type + " (RFB " + version() + ")");
        }
        reading = null;
        return true;
    }

    private void update() throws IOException {
        in.u8();
        int n = in.u16();
        boolean resized = false;
        for (int i = 0; i < n; i++) {
            int x = in.u16();
            int y = in.u16();
            int w = in.u16();
            int h = in.u16();
            int encoding = in.s32();
            if (encoding == RfbEncoding.DESKTOP_SIZE) {
                checkSize(w, h, "its new screen");
                fb.resize(w, h);
                resized = true;
                continue;
            }
            int fw = fb.width();
            int fh = fb.height();
            if (x + w > fw || y + h > fh) {
                throw new MalformedDataException("sent a rectangle " + w + "×" + h + " at (" + x + "," + y + ") outside its "
                        + fw + "×" + fh + " screen");
            }
            decoder.decode(x, y, w, h, encoding);
        }
        fb.commit();
        requestUpdate(!resized);
    }

    /** Why the connection broke, as a short phrase for "connection lost (…)". */
    String lossReason(IOException e) {
        String during = reading == null ? "" : " in the middle of " + reading;
        if (e instanceof EOFException) return "closed by the server" + during;
        if (e instanceof SocketTimeoutException) return "no data for " + seconds(config.readTimeout().toMillis()) + during;
        return detail(e) + during;
    }

    // ---- client messages ----

    void requestUpdate(boolean incremental) throws IOException {
        ByteBuffer msg = ByteBuffer.allocate(10);
        putRequest(msg, incremental, fb.width(), fb.height());
        send(msg.array());
    }

    /** Sends KeyEvents: {@code events} holds keysym, down (1/0) pairs; one write for all. */
    void sendKeys(int[] events) throws IOException {
        ByteBuffer msg = ByteBuffer.allocate(events.length / 2 * 8);
        for (int i = 0; i < events.length; i += 2) {
            msg.put((byte) 4).put((byte) events[i + 1]).putShort((short) 0).putInt(events[i]);
        }
        send(msg.array());
    }

    private void send(byte[] msg) throws IOException {
        synchronized (writeLock) {
            out.write(msg);
            out.flush();
        }
    }

    /** Closes the connection; the reader thread's blocked read fails at once. */
    void close() {
        transport.close();
    }

    private void abandon() {
        close();
        release();
    }

    /** Frees the zlib streams; only the reader thread calls this, after its last read. */
    void release() {
        decoder.close();
    }
}
