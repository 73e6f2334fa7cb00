package io.vaxiin.connector.serial;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Serial;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A serial console on a raw TCP port: every byte the port sends is console output, every byte
 * written to it is typed (a terminal server's port, {@code socat}, QEMU's {@code -serial tcp:…}).
 *
 * <p>{@link #connect(TcpSerialConfig)} connects; a daemon reader thread ("tcp-serial-reader
 * HOST:PORT") then feeds a {@link SerialBuffer}. No read timeout: a console may be silent for
 * hours (TCP keep-alive is on). When the peer closes the connection or it breaks, the reader
 * reconnects as the config's {@link SerialReconnect} says, telling the config's listener
 * ({@link SerialEvent}); the history goes on across connections. Once it gives up,
 * {@link #awaitChange}, {@link #type} and {@link #press} throw an UNREACHABLE
 * {@link ConnectorException} that names the port, the loss and the last attempt's failure.
 *
 * <p><b>Writes are bounded.</b> A blocking socket write has no timeout of its own, so what is
 * typed goes out in pieces of up to 8 KiB, each watched by a timer: when the peer has not taken
 * a piece within the write timeout (it stopped reading and the socket buffers are full), the
 * timer closes the socket, which ends the blocked write; the caller gets an UNREACHABLE
 * ConnectorException, and the reader reconnects. A type or press during a reconnection waits
 * for it (at most the policy's total time).
 *
 * <p>Thread-safe. Protocol name in errors: "TCP serial".
 */
public final class TcpSerial implements Serial {

    /** The protocol name in errors and descriptions. */
    public static final String PROTOCOL = "TCP serial";

    private enum State { CONNECTED, RECONNECTING, FAILED, CLOSED }

    private final TcpSerialConfig config;
    private final String describe;
    private final SerialBuffer buffer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private final Object writeLock = new Object();
    private final TimedWriter writer;
    private final Thread reader;
    // Guarded by lock.
    private State state = State.CONNECTED;
    private Socket socket;
    private ConnectorException failure;
    /** The socket this side closed on purpose and why, for the reader's loss message; null otherwise. */
    private volatile Closing closing;

    private record Closing(Socket socket, String why) { }

    private TcpSerial(TcpSerialConfig config, Socket socket) {
        this.config = config;
        this.describe = PROTOCOL + " at " + config.endpoint();
        this.buffer = new SerialBuffer(config.historyChars());
        this.socket = socket;
        this.writer = new TimedWriter("tcp-serial-write-timer " + config.endpoint(), config.writeTimeout());
        this.reader = new Thread(this::readLoop, "tcp-serial-reader " + config.endpoint());
        reader.setDaemon(true);
    }

    /**
     * Connects to the port and starts reading.
     *
     * @throws ConnectorException (UNREACHABLE, phase "connect") when nothing answers: "TCP serial
     *                            at 10.0.0.9:4555: connection refused"
     */
    public static TcpSerial connect(TcpSerialConfig config) {
        Objects.requireNonNull(config, "config");
        Socket s = new Socket();
        try {
            open(s, config, config.connectTimeout());
        } catch (IOException e) {
            closeQuietly(s);
            throw error(config, "connect", Reasons.connect(e, config.connectTimeout()), e);
        }
        TcpSerial serial = new TcpSerial(config, s);
        serial.reader.start();
        return serial;
    }

    /** The configuration this console was connected with. */
    public TcpSerialConfig config() {
        return config;
    }

    @Override
    public Text recent() {
        return buffer.recent();
    }

    @Override
    public Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        return buffer.awaitChange(sinceVersion, timeout);
    }

    @Override
    public void type(String text) {
        write(SerialKeys.typed(text), "typing");
    }

    @Override
    public void press(KeyCombo keys) {
        write(SerialKeys.bytes(keys), "pressing " + keys);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public String toString() {
        return "TcpSerial{" + config.endpoint() + "}";
    }

    // ---- writing ----

    private void write(byte[] bytes, String what) {
        synchronized (writeLock) {
            Socket s = awaitConnected(what);
            String late = "the peer took no data for " + Reasons.seconds(config.writeTimeout());
            try {
                writer.write(s, bytes, () -> closeOnPurpose(s, late + " (it stopped reading)"));
            } catch (TimedWriter.Expired e) {
                throw error(config, "write", late + " while " + what + " (it stopped reading); the connection was closed", e);
            } catch (IOException e) {
                if (isClosed()) throw error(config, "write", "closed", e);
                throw lost(s, what, e);
            }
        }
    }

    private ConnectorException lost(Socket s, String what, IOException e) {
        closeOnPurpose(s, "connection lost while " + what + " (" + Reasons.detail(e) + ")"); // the reader notices and reconnects
        return error(config, "write", "lost the connection while " + what + " (" + Reasons.detail(e) + ")", e);
    }

    /** The live socket, waiting while a reconnection is under way (bounded by the reconnect policy). */
    private Socket awaitConnected(String what) {
        lock.lock();
        try {
            while (state == State.RECONNECTING) stateChanged.await();
            if (state == State.CLOSED) throw error(config, "write", "closed", null);
            if (state == State.FAILED) throw rethrow(failure);
            return socket;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(config, "write", "still reconnecting when the thread was interrupted while " + what, e);
        } finally {
            lock.unlock();
        }
    }

    private static ConnectorException rethrow(ConnectorException f) {
        return new ConnectorException(f.kind(), f.endpoint(), f.protocol(), f.phase(), f.getMessage(), f);
    }

    // ---- the reader thread ----

    private void readLoop() {
        Socket s = currentSocket();
        try {
            byte[] chunk = new byte[64 * 1024];
            while (s != null) {
                String reason;
                IOException cause = null;
                try {
                    InputStream in = s.getInputStream();
                    for (int n; (n = in.read(chunk)) >= 0; ) buffer.accept(chunk, 0, n);
                    reason = "connection closed by the peer";
                } catch (IOException e) {
                    cause = e;
                    reason = Reasons.loss(e);
                }
                closeQuietly(s);
                if (isClosed()) return;
                Closing ours = closing;
                if (ours != null && ours.socket() == s) reason = ours.why();
                buffer.endOfStream();
                s = reconnect(reason, cause);
            }
        } catch (RuntimeException | Error e) {
            // Without its reader the console would look silent for ever: say it broke instead.
            closeQuietly(s);
            fail(error(config, "read", "the reader broke (" + Reasons.detail(e) + ")", e));
        }
    }

    /** Reconnects as the policy says; the new socket, or null after giving up (or closing). */
    private Socket reconnect(String reason, IOException cause) {
        SerialReconnect policy = config.reconnect();
        int max = policy.maxAttempts();
        if (max == 0) {
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, reason, 0, 0));
            fail(error(config, "read", reason + "; reconnecting is off", cause));
            return null;
        }
        if (!setState(State.RECONNECTING)) return null;
        long deadline = System.nanoTime() + policy.maxTotal().toNanos();
        String last = null;
        IOException lastCause = cause;
        int made = 0;
        for (int attempt = 1; attempt <= max; attempt++) {
            long backoff = policy.backoff(attempt).toNanos();
            long left = deadline - System.nanoTime() - backoff;
            if (left < TimeUnit.MILLISECONDS.toNanos(1)) break; // no time left for this attempt
            notify(new SerialEvent(SerialEvent.Type.RECONNECTING, describe, last == null ? reason : last, attempt, max));
            try {
                TimeUnit.NANOSECONDS.sleep(backoff);
            } catch (InterruptedException e) {
                return null; // closed
            }
            made = attempt;
            Socket s = new Socket();
            if (!register(s)) return null;
            Duration timeout = Duration.ofNanos(Math.min(config.connectTimeout().toNanos(), Math.max(left, TimeUnit.MILLISECONDS.toNanos(1))));
            try {
                open(s, config, timeout);
            } catch (IOException e) {
                closeQuietly(s);
                if (isClosed()) return null;
                last = Reasons.connect(e, timeout);
                lastCause = e;
                continue;
            }
            if (!setState(State.CONNECTED)) {
                closeQuietly(s);
                return null;
            }
            notify(new SerialEvent(SerialEvent.Type.RECONNECTED, describe, "", attempt, max));
            return s;
        }
        String message;
        if (made == 0) {
            message = reason + "; no reconnection attempt fit in " + Reasons.seconds(policy.maxTotal());
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, reason, 0, max));
        } else {
            message = reason + "; could not reconnect in " + made + (made == 1 ? " attempt" : " attempts") + " (" + last + ")";
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, last, made, max));
        }
        fail(error(config, "reconnect", message, lastCause));
        return null;
    }

    private void notify(SerialEvent event) {
        try {
            config.listener().onEvent(event);
        } catch (RuntimeException ignored) {
            // a listener's bug must not stop the console
        }
    }

    private Socket currentSocket() {
        lock.lock();
        try {
            return state == State.CLOSED ? null : socket;
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@code s} the socket {@link #close()} closes; false when already closed. */
    private boolean register(Socket s) {
        lock.lock();
        try {
            if (state == State.CLOSED) return false;
            socket = s;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /** Moves to {@code next} unless closed; wakes every waiter. */
    private boolean setState(State next) {
        lock.lock();
        try {
            if (state == State.CLOSED) return false;
            state = next;
            stateChanged.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void fail(ConnectorException e) {
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            failure = e;
            state = State.FAILED;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
        buffer.fail(e);
    }

    /**
     * Closes the connection and stops the reader thread (waiting for it up to 2 s). Later calls
     * of {@link #awaitChange}, {@link #type} and {@link #press} throw an UNREACHABLE
     * ConnectorException ("… closed"); {@link #recent()} still answers. Idempotent.
     */
    @Override
    public void close() {
        Socket s;
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            s = socket;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
        buffer.fail(error(config, "read", "closed", null));
        closeQuietly(s);
        reader.interrupt();
        writer.close();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- sockets and messages ----

    private static void open(Socket s, TcpSerialConfig config, Duration timeout) throws IOException {
        s.setTcpNoDelay(true); // a key press goes out at once
        s.setKeepAlive(true);
        s.connect(new InetSocketAddress(config.host(), config.port()), (int) Math.max(1, timeout.toMillis()));
    }

    /** Closes {@code s}, telling the reader why, unless it already knows another reason. */
    private void closeOnPurpose(Socket s, String why) {
        Closing c = closing;
        if (c == null || c.socket() != s) closing = new Closing(s, why);
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static ConnectorException error(TcpSerialConfig config, String phase, String why, Throwable cause) {
        return new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, phase,
                PROTOCOL + " at " + config.endpoint() + ": " + why, cause);
    }
}
