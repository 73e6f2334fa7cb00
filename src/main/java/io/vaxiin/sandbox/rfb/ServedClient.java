package io.vaxiin.sandbox.rfb;

import io.vaxiin.connector.rfb.VncAuth;
import java.awt.Rectangle;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * One client of an {@link RfbServer}: a reader thread (handshake, then client messages) and a
 * writer thread that sends what changed whenever the client has asked for an update.
 */
final class ServedClient {

    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final int MAX_DIRTY = 16;
    private static final long MAX_CUT_TEXT = 1024 * 1024;

    private final RfbServer server;
    private final Socket socket;
    private final Thread reader;
    private Thread writer;

    // Guarded by this.
    private PixelFormat format = PixelFormat.DEFAULT;
    private boolean zrle;
    private boolean desktopSize;
    private boolean requested;
    private boolean resizePending;
    private final List<Rectangle> dirty = new ArrayList<>();
    private boolean closed;
    private int clientWidth;
    private int clientHeight;

    ServedClient(RfbServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "rfb-served-client " + socket.getPort());
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** Malformed input from the client: it is disconnected. */
    private static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    // ---- reader ----

    private void readLoop() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            if (!handshake(in, out)) return;
            socket.setSoTimeout(0); // a viewer may sit idle for as long as it likes
            writer = new Thread(() -> writeLoop(out), "rfb-served-client-writer " + socket.getPort());
            writer.setDaemon(true);
            writer.start();
            while (true) message(in);
        } catch (Malformed e) {
            close("sent " + e.getMessage());
        } catch (EOFException e) {
            close("disconnected");
        } catch (SocketTimeoutException e) {
            close("did not finish the handshake in time");
        } catch (IOException e) {
            close(e.getMessage());
        } catch (RuntimeException e) {
            RfbServer.LOG.log(Level.WARNING, "RFB client " + socket.getPort() + " broke the server's client thread", e);
            close(e.toString());
        }
    }

    private boolean handshake(DataInputStream in, OutputStream out) throws IOException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] v = new byte[12];
        in.readFully(v);
        String version = new String(v, StandardCharsets.US_ASCII);
        if (!version.matches("RFB 003\\.\\d{3}\n")) throw new Malformed("a bad protocol version");
        int m = Integer.parseInt(version.substring(8, 11));
        int minor = m >= 8 ? 8 : m == 7 ? 7 : 3;
        char[] password = server.password();
        int type = password == null ? 1 : 2;
        if (minor == 3) {
            writeInt(out, type);
        } else {
            out.write(new byte[] {1, (byte) type});
        }
        out.flush();
        if (minor != 3) {
            int chosen = in.readUnsignedByte();
            if (chosen != type) {
                if (minor == 8) {
                    writeInt(out, 1);
                    writeString(out, "security type " + chosen + " was not offered");
                    out.flush();
                }
                throw new Malformed("security type " + chosen + ", which was not offered");
            }
        }
        if (type == 2) {
            byte[] challenge = new byte[16];
            new SecureRandom().nextBytes(challenge);
            out.write(challenge);
            out.flush();
            byte[] response = new byte[16];
            in.readFully(response);
            if (!MessageDigest.isEqual(response, VncAuth.response(challenge, password))) {
                writeInt(out, 1);
                if (minor == 8) writeString(out, "Authentication failed");
                out.flush();
                close("gave a wrong password");
                return false;
            }
            writeInt(out, 0);
        } else if (minor == 8) {
            writeInt(out, 0);
        }
        in.readUnsignedByte(); // ClientInit: shared or not, every client shares here
        int w;
        int h;
        synchronized (this) {
            w = server.width();
            h = server.height();
            clientWidth = w;
            clientHeight = h;
        }
        byte[] name = server.desktopName().getBytes(StandardCharsets.UTF_8);
        ByteSink init = new ByteSink(64);
        init.u16(w);
        init.u16(h);
        byte[] pf = PixelFormat.DEFAULT.bytes();
        init.write(pf, 0, pf.length);
        init.s32(name.length);
        init.write(name, 0, name.length);
        out.write(init.array(), 0, init.size());
        out.flush();
        return true;
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    private static void writeString(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, b.length);
        out.write(b);
    }

    private void message(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        switch (type) {
            case 0 -> {
                in.skipNBytes(3);
                byte[] pf = new byte[16];
                in.readFully(pf);
                String problem = PixelFormat.check(pf);
                if (problem != null) throw new Malformed("SetPixelFormat that " + problem);
                synchronized (this) {
                    format = PixelFormat.parse(pf);
                }
            }
            case 2 -> {
                in.skipNBytes(1);
                int n = in.readUnsignedShort();
                boolean z = false;
                boolean rawFirst = false;
                boolean ds = false;
                for (int i = 0; i < n; i++) {
                    int e = in.readInt();
                    if (e == 16 && !rawFirst) z = true;
                    if (e == 0 && !z) rawFirst = true;
                    if (e == -223) ds = true;
                }
                synchronized (this) {
                    zrle = z;
                    desktopSize = ds;
                }
            }
            case 3 -> {
                boolean incremental = in.readUnsignedByte() != 0;
                Rectangle r = new Rectangle(in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort());
                synchronized (this) {
                    if (!incremental) addDirty(r);
                    requested = true;
                    notifyAll();
                }
            }
            case 4 -> {
                boolean down = in.readUnsignedByte() != 0;
                in.skipNBytes(2);
                int keysym = in.readInt();
                server.keys().key(keysym, down);
            }
            case 5 -> in.skipNBytes(5); // pointer: the sandbox has no mouse
            case 6 -> {
                in.skipNBytes(3);
                long len = in.readInt() & 0xffffffffL;
                if (len > MAX_CUT_TEXT) throw new Malformed("clipboard text of " + len + " bytes");
                in.skipNBytes(len);
            }
            default -> throw new Malformed("an unknown message type " + type);
        }
    }

    // ---- writer ----

    /** Called by the server when its picture changed. */
    synchronized void changed(Rectangle r, boolean resized) {
        if (resized) {
            resizePending = true;
            dirty.clear();
        } else {
            addDirty(r);
        }
        notifyAll();
    }

    private void addDirty(Rectangle r) {
        if (r.isEmpty()) return;
        Rectangle merged = new Rectangle(r);
        for (int i = dirty.size() - 1; i >= 0; i--) {
            Rectangle d = dirty.get(i);
            if (d.intersects(merged) || adjacent(d, merged)) {
                merged = merged.union(d);
                dirty.remove(i);
            }
        }
        dirty.add(merged);
        if (dirty.size() > MAX_DIRTY) {
            Rectangle all = dirty.get(0);
            for (Rectangle d : dirty) all = all.union(d);
            dirty.clear();
            dirty.add(all);
        }
    }

    private static boolean adjacent(Rectangle a, Rectangle b) {
        return new Rectangle(a.x - 1, a.y - 1, a.width + 2, a.height + 2).intersects(b);
    }

    private void writeLoop(OutputStream out) {
        ZrleEncoder zrleEncoder = new ZrleEncoder();
        ByteSink msg = new ByteSink(64 * 1024);
        try {
            while (true) {
                List<Rectangle> rects;
                boolean resize;
                boolean useZrle;
                PixelFormat pf;
                synchronized (this) {
                    while (!closed && !(requested && (resizePending || !dirty.isEmpty()))) wait();
                    if (closed) return;
                    resize = resizePending && desktopSize;
                    if (resizePending) {
                        int w = server.width();
                        int h = server.height();
                        dirty.clear();
                        dirty.add(new Rectangle(0, 0, w, h));
                        if (desktopSize) {
                            clientWidth = w;
                            clientHeight = h;
                        }
                        resizePending = false;
                    }
                    rects = new ArrayList<>(dirty);
                    dirty.clear();
                    requested = false;
                    useZrle = zrle;
                    pf = format;
                }
                msg.reset();
                msg.write(0);
                msg.write(0);
                int countAt = msg.size();
                msg.u16(0);
                int count = 0;
                if (resize) {
                    header(msg, new Rectangle(0, 0, clientWidth, clientHeight), -223);
                    count++;
                }
                Rectangle screen = new Rectangle(0, 0, clientWidth, clientHeight);
                for (Rectangle r : rects) {
                    Rectangle c = r.intersection(screen);
                    if (c.isEmpty()) continue;
                    int[] px = new int[c.width * c.height];
                    c = server.copyOut(c, px);
                    if (c.isEmpty()) continue;
                    header(msg, c, useZrle ? 16 : 0);
                    if (useZrle) {
                        zrleEncoder.encode(px, c.width, c.height, pf, msg);
                    } else {
                        for (int p : px) pf.writePixel(msg, p);
                    }
                    count++;
                }
                if (count == 0) {
                    synchronized (this) {
                        requested = true; // nothing visible changed: the request still stands
                    }
                    continue;
                }
                byte[] a = msg.array();
                a[countAt] = (byte) (count >> 8);
                a[countAt + 1] = (byte) count;
                out.write(a, 0, msg.size());
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close(e.getMessage());
        } finally {
            zrleEncoder.end();
        }
    }

    private static void header(ByteSink msg, Rectangle r, int encoding) {
        msg.u16(r.x);
        msg.u16(r.y);
        msg.u16(r.width);
        msg.u16(r.height);
        msg.s32(encoding);
    }

    void close(String why) {
        synchronized (this) {
            if (closed) return;
            closed = true;
            notifyAll();
        }
        RfbServer.LOG.log(Level.DEBUG, "RFB client {0} closed: {1}", socket.getPort(), why);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        server.removed(this);
    }
}
