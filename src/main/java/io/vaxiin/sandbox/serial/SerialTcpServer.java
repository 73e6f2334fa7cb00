package io.vaxiin.sandbox.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The sandbox machine's serial line on a raw TCP port of 127.0.0.1, as a terminal server or
 * QEMU's {@code -serial tcp:…,server} serves one: {@code tcp://127.0.0.1:PORT}. No login, no
 * telnet negotiation: bytes both ways.
 *
 * <p>Several clients may be connected at once (up to {@value #MAX_CLIENTS}); each gets what the
 * machine sends from its connection on, and what any of them sends reaches the machine. A client
 * that stops reading is dropped once {@value #MAX_QUEUED} bytes wait for it, so it cannot hold up
 * the machine or the others.
 */
public final class SerialTcpServer implements AutoCloseable {

    static final int MAX_CLIENTS = 16;
    static final int MAX_QUEUED = 1 << 20;

    private final SerialLine line;
    private final ServerSocket server;
    private final Consumer<String> log;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SerialTcpServer(SerialLine line, ServerSocket server, Consumer<String> log) {
        this.line = line;
        this.server = server;
        this.log = log;
    }

    /**
     * Serves {@code line} on {@code 127.0.0.1:port} (0: a free port).
     *
     * @param log told when a client is refused or dropped
     */
    public static SerialTcpServer start(SerialLine line, int port, Consumer<String> log) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CLIENTS);
        SerialTcpServer s = new SerialTcpServer(line, socket, log);
        daemon("sandbox serial accept " + socket.getLocalPort(), s::accept).start();
        return s;
    }

    /** The TCP port. */
    public int port() { return server.getLocalPort(); }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String uri() { return "tcp://127.0.0.1:" + port(); }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (clients.size() >= MAX_CLIENTS) {
                log.accept("sandbox serial: refused a client on port " + port() + " (" + MAX_CLIENTS + " are connected)");
                closeQuietly(s);
                continue;
            }
            Client c = new Client(s);
            clients.add(c);
            c.start();
        }
    }

    /** Stops serving and disconnects every client. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to report
        }
        clients.forEach(Client::close);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One connected client: a writer thread drains its queue, a reader thread types what it sends. */
    private final class Client {
        private static final byte[] END = new byte[0];
        private final Socket socket;
        private final LinkedBlockingQueue<byte[]> out = new LinkedBlockingQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private volatile SerialLine.Listening listening;
        private volatile boolean gone;

        Client(Socket socket) {
            this.socket = socket;
        }

        void start() {
            listening = line.listen(bytes -> {
                if (gone) return;
                if (queued.addAndGet(bytes.length) > MAX_QUEUED) {
                    log.accept("sandbox serial: dropped a client that stopped reading (" + MAX_QUEUED + " bytes waited for it)");
                    close();
                    return;
                }
                out.add(bytes);
            });
            daemon("sandbox serial out " + socket.getPort(), this::write).start();
            daemon("sandbox serial in " + socket.getPort(), this::read).start();
        }

        private void write() {
            try (OutputStream o = socket.getOutputStream()) {
                while (!gone) {
                    byte[] b = out.poll(1, TimeUnit.SECONDS);
                    if (b == null) continue;
                    if (b == END) return;
                    queued.addAndGet(-b.length);
                    o.write(b);
                    o.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away; the reader sees it too
            } finally {
                close();
            }
        }

        private void read() {
            byte[] buf = new byte[4096];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while (!gone && (n = in.read(buf)) > 0) line.type(Arrays.copyOf(buf, n));
            } catch (IOException e) {
                // the client went away
            } finally {
                close();
            }
        }

        void close() {
            if (gone) return;
            gone = true;
            SerialLine.Listening l = listening;
            if (l != null) l.close();
            out.add(END);
            clients.remove(this);
            closeQuietly(socket);
        }
    }
}
