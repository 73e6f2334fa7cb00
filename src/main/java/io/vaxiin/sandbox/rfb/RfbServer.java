package io.vaxiin.sandbox.rfb;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small RFB 3.8 server (3.3 and 3.7 clients welcome) on 127.0.0.1 for the built-in sandbox:
 * serves a framebuffer the caller supplies, with security None or VNC authentication, encodings
 * Raw and ZRLE and the DesktopSize pseudo-encoding, and hands KeyEvents to a {@link KeyListener}.
 *
 * <p>The caller pushes new pictures with {@link #update(BufferedImage, Rectangle)}; each client
 * gets only what changed since its last update. Every client has its own threads; a client that
 * sends something malformed is disconnected alone.
 */
public final class RfbServer implements AutoCloseable {

    static final System.Logger LOG = System.getLogger(RfbServer.class.getName());

    private final ServerSocket listener;
    private final KeyListener keys;
    private final char[] password;
    private final String name;
    private final Thread acceptor;
    private final List<ServedClient> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    // The framebuffer, guarded by this.
    private int[] px;
    private int width;
    private int height;

    private RfbServer(Builder b, FrameSource source) throws IOException {
        this.keys = b.keys;
        this.password = b.password == null ? null : b.password.clone();
        this.name = b.name;
        BufferedImage first = Objects.requireNonNull(source.currentFrame(), "the frame source gave no frame");
        copyIn(first, null);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 16);
        this.acceptor = new Thread(this::acceptLoop, "rfb-server " + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server without a password on 127.0.0.1.
     *
     * @param port   the TCP port, 0 for any free one (see {@link #port()})
     * @param source the first picture to serve
     * @param keys   told of every key a client sends
     */
    public static RfbServer start(int port, FrameSource source, KeyListener keys) throws IOException {
        return builder().port(port).keys(keys).start(source);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many clients are connected now. */
    public int clientCount() {
        return clients.size();
    }

    /**
     * Serves a new picture. When its size differs from the current one, clients that understand
     * DesktopSize are told the new size; otherwise only {@code changed} (clipped to the picture)
     * is sent to them, or the whole picture when {@code changed} is null.
     */
    public void update(BufferedImage image, Rectangle changed) {
        Objects.requireNonNull(image, "image");
        boolean resized;
        Rectangle dirty;
        synchronized (this) {
            resized = image.getWidth() != width || image.getHeight() != height;
            dirty = copyIn(image, resized ? null : changed);
        }
        if (dirty == null) return;
        for (ServedClient c : clients) c.changed(dirty, resized);
    }

    /** Copies the changed part of {@code image} into the framebuffer; returns it, clipped, or null if empty. */
    private Rectangle copyIn(BufferedImage image, Rectangle changed) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w != width || h != height) {
            px = new int[w * h];
            width = w;
            height = h;
            changed = null;
        }
        Rectangle r = changed == null ? new Rectangle(0, 0, w, h) : changed.intersection(new Rectangle(0, 0, w, h));
        if (r.isEmpty()) return null;
        image.getRGB(r.x, r.y, r.width, r.height, px, r.y * w + r.x, w);
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int i = y * w + r.x, end = i + r.width; i < end; i++) px[i] &= 0xffffff;
        }
        return r;
    }

    synchronized int width() {
        return width;
    }

    synchronized int height() {
        return height;
    }

    /**
     * Copies the pixels of {@code r} (clipped to the screen) into {@code dst}, row stride r.width.
     * Returns the clipped rectangle.
     */
    synchronized Rectangle copyOut(Rectangle r, int[] dst) {
        Rectangle c = r.intersection(new Rectangle(0, 0, width, height));
        for (int y = 0; y < c.height; y++) {
            System.arraycopy(px, (c.y + y) * width + c.x, dst, y * c.width, c.width);
        }
        return c;
    }

    char[] password() {
        return password;
    }

    String desktopName() {
        return name;
    }

    KeyListener keys() {
        return keys;
    }

    void removed(ServedClient c) {
        clients.remove(c);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                ServedClient c = new ServedClient(this, s);
                clients.add(c);
                if (closed) c.close("server closed");
                else c.start();
            } catch (IOException e) {
                if (!closed) LOG.log(Level.WARNING, "RFB server on port {0}: accept failed: {1}", port(), e.getMessage());
            }
        }
    }

    /** Stops listening and disconnects every client. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (ServedClient c : clients) c.close("server closed");
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (password != null) Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "RfbServer{127.0.0.1:" + port() + (password != null ? ", VNC authentication" : "") + "}";
    }

    /** Options of an {@link RfbServer}. */
    public static final class Builder {
        private int port;
        private char[] password;
        private String name = "vaxiin sandbox";
        private KeyListener keys = KeyListener.NONE;

        private Builder() {
        }

        /** The TCP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
            this.port = port;
            return this;
        }

        /** Asks clients for this password (VNC authentication); null (default) for security None. */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** The desktop name clients show; default "vaxiin sandbox". */
        public Builder desktopName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder keys(KeyListener keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Starts serving {@code source}'s picture. */
        public RfbServer start(FrameSource source) throws IOException {
            return new RfbServer(this, Objects.requireNonNull(source, "source"));
        }
    }
}
