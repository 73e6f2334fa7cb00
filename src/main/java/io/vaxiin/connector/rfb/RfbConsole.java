package io.vaxiin.connector.rfb;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.Key;
import io.vaxiin.connector.KeyCombo;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A KVM console over RFB (VNC), on TCP or WebSocket. {@link #connect(RfbConfig)} connects and
 * shakes hands; a daemon reader thread then keeps one framebuffer up to date with incremental
 * updates, and reconnects (as the config's {@link ReconnectPolicy} says) when the connection drops.
 *
 * <p>Thread-safe. Every failure is a {@link ConnectorException} with protocol "VNC".
 */
public final class RfbConsole implements Console {

    private enum State { CONNECTED, RECONNECTING, FAILED, CLOSED }

    private final RfbConfig config;
    private final String describe;
    private final FrameStore store = new FrameStore();
    private final Thread reader;
    private volatile RfbSession session;
    // Guarded by store.lock.
    private State state = State.CONNECTED;
    private ConnectorException failure;

    private RfbConsole(RfbConfig config) {
        this.config = config;
        this.describe = RfbSession.describe(config);
        this.session = RfbSession.open(config, store);
        this.reader = new Thread(this::readLoop, "rfb-reader " + config.endpoint());
        reader.setDaemon(true);
    }

    /**
     * Connects to the server and starts reading frames.
     *
     * @throws ConnectorException when the server cannot be reached, refuses the credentials or
     *                            does not speak RFB as this client does
     */
    public static RfbConsole connect(RfbConfig config) {
        RfbConsole console = new RfbConsole(Objects.requireNonNull(config, "config"));
        console.reader.start();
        return console;
    }

    public RfbConfig config() {
        return config;
    }

    /** The RFB version spoken on the current connection: "3.3", "3.7" or "3.8". */
    public String protocolVersion() {
        return session.version();
    }

    /** How many rectangles the current connection decoded in {@code encoding}; for tests and diagnostics. */
    long rectangles(RfbEncoding encoding) {
        return session.rectangles(encoding);
    }

    /** The desktop name the server announced. */
    public String desktopName() {
        return session.desktopName();
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public String toString() {
        return "RfbConsole{" + config.endpoint() + "}";
    }

    // ---- frames ----

    @Override
    public Frame frame(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        store.lock.lock();
        try {
            while (true) {
                checkUsable();
                if (store.version() > 0) return store.snapshot(store.version() - 1);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw RfbSession.error(config, Kind.UNREACHABLE, "frame", "sent no frame within " + RfbSession.seconds(timeout.toMillis()), null);
                }
                store.await(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RfbSession.error(config, Kind.UNREACHABLE, "frame", "was still awaited for a frame when the thread was interrupted", e);
        } finally {
            store.lock.unlock();
        }
    }

    @Override
    public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        store.lock.lock();
        try {
            while (true) {
                checkUsable();
                long v = store.version();
                if (v > sinceVersion) return store.snapshot(sinceVersion);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (v > 0) return store.snapshot(v - 1);
                    throw RfbSession.error(config, Kind.UNREACHABLE, "frame", "sent no frame within " + RfbSession.seconds(timeout.toMillis()), null);
                }
                store.await(left);
            }
        } finally {
            store.lock.unlock();
        }
    }

    /** Throws when the console is closed or has failed for good. Caller holds the lock. */
    private void checkUsable() {
        if (state == State.CLOSED) {
            throw RfbSession.error(config, Kind.UNREACHABLE, "frame", "is closed", null);
        }
        if (state == State.FAILED) throw rethrow(failure);
    }

    /** The failure again, with the caller's stack, keeping the reader's as the cause. */
    private static ConnectorException rethrow(ConnectorException f) {
        return new ConnectorException(f.kind(), f.endpoint(), f.protocol(), f.phase(), f.getMessage(), f);
    }

    // ---- keys ----

    @Override
    public void press(KeyCombo keys) {
        Objects.requireNonNull(keys, "keys");
        int[] ev = new int[(keys.modifiers().size() * 2 + 4) * 2];
        int n = 0;
        boolean shiftHeld = false;
        boolean otherModifier = false;
        for (Key m : keys.modifiers()) {
            shiftHeld |= m.name().equals("Shift");
            otherModifier |= !m.name().equals("Shift");
            ev[n++] = m.keysym();
            ev[n++] = 1;
        }
        int keysym = keys.key().keysym();
        boolean printable = keys.key().name().length() == 1;
        if (printable && otherModifier && keysym >= 'A' && keysym <= 'Z') keysym += 'a' - 'A'; // ctrl-A means ctrl-a
        n = stroke(ev, n, keysym, printable && !shiftHeld && KeyMap.needsShift(keysym));
        for (int i = keys.modifiers().size() - 1; i >= 0; i--) {
            ev[n++] = keys.modifiers().get(i).keysym();
            ev[n++] = 0;
        }
        sendKeys(Arrays.copyOf(ev, n), "pressing " + keys);
    }

    @Override
    public void type(String text) {
        Objects.requireNonNull(text, "text");
        int[] ev = new int[8];
        text.codePoints().forEach(KeyMap::keysym); // rejects an untypable character before the first is sent
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int n = stroke(ev, 0, KeyMap.keysym(c), KeyMap.needsShift(c));
            sendKeys(Arrays.copyOf(ev, n), "typing");
        }
    }

    /**
     * Appends one key stroke (down, up) to {@code ev} at {@code n}, wrapped in Shift_L down/up
     * when {@code shift}; {@code ev} holds (keysym, down) pairs. Returns the new length.
     */
    private static int stroke(int[] ev, int n, int keysym, boolean shift) {
        if (shift) {
            ev[n++] = KeyMap.SHIFT_L;
            ev[n++] = 1;
        }
        ev[n++] = keysym;
        ev[n++] = 1;
        ev[n++] = keysym;
        ev[n++] = 0;
        if (shift) {
            ev[n++] = KeyMap.SHIFT_L;
            ev[n++] = 0;
        }
        return n;
    }

    private void sendKeys(int[] events, String what) {
        RfbSession s = awaitSession();
        try {
            s.sendKeys(events);
        } catch (IOException e) {
            s.close(); // the reader notices and reconnects
            throw RfbSession.error(config, Kind.UNREACHABLE, "key event", "lost the connection while " + what
                    + " (" + RfbSession.detail(e) + ")", e);
        }
    }

    /** The live session, waiting while a reconnection is under way (bounded by the reconnect policy). */
    private RfbSession awaitSession() {
        store.lock.lock();
        try {
            while (state == State.RECONNECTING) store.await(Long.MAX_VALUE);
            if (state == State.CLOSED) throw RfbSession.error(config, Kind.UNREACHABLE, "key event", "is closed", null);
            if (state == State.FAILED) throw rethrow(failure);
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RfbSession.error(config, Kind.UNREACHABLE, "key event", "was still reconnecting when the thread was interrupted", e);
        } finally {
            store.lock.unlock();
        }
    }

    // ---- the reader thread ----

    private void readLoop() {
        RfbSession s = session;
        try {
            while (s != null) {
                try {
                    if (!s.readMessage()) s.requestUpdate(true); // idle: the request doubles as a liveness probe
                } catch (MalformedDataException e) {
                    fail(RfbSession.error(config, Kind.PROTOCOL, "frame update", e.getMessage(), e));
                    return;
                } catch (IOException e) {
                    if (isClosed()) return;
                    String reason = s.lossReason(e);
                    s.close();
                    s.release();
                    s = reconnect(reason, e);
                }
            }
        } catch (RuntimeException | Error e) {
            fail(RfbSession.error(config, Kind.PROTOCOL, "frame update", "broke this client (" + RfbSession.detail(e) + ")", e));
        } finally {
            if (s != null) {
                s.close();
                s.release();
            }
        }
    }

    /** Reconnects as the policy says; returns the new session, or null after giving up (or closing). */
    private RfbSession reconnect(String reason, IOException cause) {
        ReconnectPolicy policy = config.reconnect();
        int max = policy.maxAttempts();
        if (max == 0) {
            fail(RfbSession.error(config, Kind.UNREACHABLE, "frame update", "lost its connection (" + reason + ")", cause));
            return null;
        }
        setState(State.RECONNECTING);
        ConnectorException last = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            notify(new ConnectionEvent(ConnectionEvent.Type.RECONNECTING, describe, reason, attempt, max));
            try {
                Thread.sleep(policy.backoff(attempt).toMillis());
            } catch (InterruptedException e) {
                return null;
            }
            if (isClosed()) return null;
            try {
                RfbSession s = RfbSession.open(config, store);
                session = s;
                if (!setState(State.CONNECTED)) {
                    s.close();
                    s.release();
                    return null;
                }
                notify(new ConnectionEvent(ConnectionEvent.Type.RECONNECTED, describe, "", attempt, max));
                return s;
            } catch (ConnectorException e) {
                last = e;
                if (e.kind() == Kind.AUTHENTICATION || e.kind() == Kind.PROTOCOL) break; // trying again will not help
            }
        }
        String lastWhy = last.getMessage().startsWith(describe + " ") ? last.getMessage().substring(describe.length() + 1) : last.getMessage();
        notify(new ConnectionEvent(ConnectionEvent.Type.GAVE_UP, describe, lastWhy, max, max));
        Kind kind = last.kind() == Kind.AUTHENTICATION || last.kind() == Kind.PROTOCOL ? last.kind() : Kind.UNREACHABLE;
        fail(RfbSession.error(config, kind, "reconnect", "lost its connection (" + reason + ") and could not reconnect (" + lastWhy + ")", last));
        return null;
    }

    private void notify(ConnectionEvent event) {
        try {
            config.listener().onEvent(event);
        } catch (RuntimeException ignored) {
            // a listener's bug must not stop the console
        }
    }

    private boolean isClosed() {
        store.lock.lock();
        try {
            return state == State.CLOSED;
        } finally {
            store.lock.unlock();
        }
    }

    /** Moves to {@code next} unless closed; wakes every waiter. */
    private boolean setState(State next) {
        store.lock.lock();
        try {
            if (state == State.CLOSED) return false;
            state = next;
            store.changed.signalAll();
            return true;
        } finally {
            store.lock.unlock();
        }
    }

    private void fail(ConnectorException e) {
        store.lock.lock();
        try {
            if (state == State.CLOSED) return;
            failure = e;
            state = State.FAILED;
            store.changed.signalAll();
        } finally {
            store.lock.unlock();
        }
    }

    /** Drops the cached snapshot; only for measuring what an idle connection holds. */
    void dropSnapshot() {
        store.dropSnapshot();
    }

    @Override
    public void close() {
        store.lock.lock();
        try {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            store.changed.signalAll();
        } finally {
            store.lock.unlock();
        }
        session.close();
        reader.interrupt();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
