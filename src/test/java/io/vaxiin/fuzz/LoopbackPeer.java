package io.vaxiin.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A server on 127.0.0.1 that plays the untrusted peer of a fuzz test: each connection is handed
 * to the {@link Handler} the current input set, one connection at a time, so the client under
 * test runs its real socket code against bytes the fuzzer chose.
 */
public final class LoopbackPeer implements AutoCloseable {

    /** Serves one accepted connection; the peer closes it afterwards. */
    public interface Handler {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private volatile Handler handler = s -> { };

    private LoopbackPeer() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fuzz-peer " + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Starts a peer that lives as long as the JVM (a fuzz run is one JVM). */
    public static LoopbackPeer start() {
        try {
            return new LoopbackPeer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** What the next connections get. */
    public void handle(Handler h) {
        handler = h;
    }

    private void acceptLoop() {
        while (true) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                try {
                    handler.serve(s);
                } catch (IOException ignored) {
                    // the client hung up first: that is its right
                }
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    /** Writes {@code bytes}, half-closes, and reads what the client sends until it hangs up. */
    public static void sendAndDrain(Socket s, byte[] bytes) throws IOException {
        try {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.shutdownOutput();
        } catch (SocketException hungUp) {
            return;
        }
        drain(s.getInputStream());
    }

    public static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // the client's messages are not the subject
        }
    }

    /** Reads up to and including the blank line that ends an HTTP head, as ISO-8859-1 text. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) break;
            if (b.length() > 65536) break;
        }
        return b.toString();
    }

    /** The value of header {@code name} in an HTTP head, or null. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }
}
