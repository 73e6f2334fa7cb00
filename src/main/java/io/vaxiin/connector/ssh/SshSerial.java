package io.vaxiin.connector.ssh;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Serial;
import io.vaxiin.connector.serial.SerialBuffer;
import io.vaxiin.connector.serial.SerialEvent;
import io.vaxiin.connector.serial.SerialKeys;
import io.vaxiin.connector.serial.SerialReconnect;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * A BMC's serial console through its own SSH command line: iDRAC's {@code connect com2}, iLO's
 * {@code vsp}, XCC's {@code console 1}, or OpenBMC's SSH console (port 2200), which is the host's
 * console itself. {@link #connect} logs in with a password (the host key checked by
 * {@link HostKeyCheck}: an unknown or changed key is refused), opens a shell on a PTY, waits for
 * the prompt and sends the command ({@link BmcCli}); from then on the shell's bytes are the
 * console, decoded into a {@link SerialBuffer} as {@code TcpSerial} does, and what is typed goes
 * to the shell.
 *
 * <p>When the session drops, a daemon thread ("ssh-serial-keeper HOST:PORT") logs in again as the
 * config's {@link SerialReconnect} says, telling its listener ({@link SerialEvent}); the history
 * goes on across sessions. An unknown host key or a refused password ends it at once. Once it
 * gives up, {@link #awaitChange}, {@link #type} and {@link #press} throw its ConnectorException.
 * SSH keep-alives every 15 s find a BMC that went away silently.
 *
 * <p>{@link #close()} leaves the bridge with the command line's escape (ctrl-\ or ESC (), then
 * ends the session. Thread-safe. Protocol name in errors: "SSH serial".
 */
public final class SshSerial implements Serial {

    /** The protocol name in errors and descriptions. */
    public static final String PROTOCOL = "SSH serial";

    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private enum State { CONNECTED, LOST, RECONNECTING, FAILED, CLOSED }

    private final SshSerialConfig config;
    private final String describe;
    private final SerialBuffer buffer;
    private final SshClient client;
    private final HostKeyCheck keys;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private final Object writeLock = new Object();
    private final Thread keeper;
    // Guarded by lock.
    private State state = State.CONNECTED;
    private SshLink link;
    private String lostWhy;
    private ConnectorException failure;
    /** Which login is current; a loss reported by an earlier one is ignored. */
    private long generation;

    private SshSerial(SshSerialConfig config) {
        this.config = config;
        this.describe = PROTOCOL + " at " + config.endpoint();
        this.buffer = new SerialBuffer(config.historyChars());
        this.keys = new HostKeyCheck(config);
        this.client = client(config, keys);
        this.keeper = new Thread(this::keep, "ssh-serial-keeper " + config.endpoint());
        keeper.setDaemon(true);
    }

    /**
     * Logs in and starts serving the console, all within the config's connect timeout.
     *
     * @throws ConnectorException UNREACHABLE (no answer, no prompt) or AUTHENTICATION (host key,
     *                            password), one line naming the BMC: "SSH serial at 10.0.0.5:22:
     *                            refused the password of user 'admin'"
     */
    public static SshSerial connect(SshSerialConfig config) {
        Objects.requireNonNull(config, "config");
        SshSerial serial = new SshSerial(config);
        try {
            serial.link = SshLink.open(serial.client, config, serial.keys, serial.buffer, config.connectTimeout(), serial.lossHandler());
        } catch (InterruptedException e) {
            serial.client.stop();
            Thread.currentThread().interrupt();
            throw error(config, Kind.UNREACHABLE, "connect", "interrupted while logging in", e);
        } catch (RuntimeException e) {
            serial.client.stop();
            throw e;
        }
        serial.keeper.start();
        return serial;
    }

    private static SshClient client(SshSerialConfig config, HostKeyCheck keys) {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier(keys);
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // no ~/.ssh/config
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // no ~/.ssh/id_*: a BMC login is a password
        c.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        c.setSignatureFactories(preferring(c.getSignatureFactories(), keys.knownTypes()));
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, KEEPALIVE);
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(c, config.writeTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ZERO); // a console may be silent for hours
        c.start();
        return c;
    }

    /**
     * The signatures with those of the key types the known-hosts file lists first, so the BMC is
     * asked for a key the file can vouch for (as OpenSSH does) rather than another one it has.
     */
    private static List<NamedFactory<Signature>> preferring(List<NamedFactory<Signature>> all, Set<String> types) {
        Set<String> canonical = new java.util.HashSet<>();
        for (String t : types) canonical.add(KeyUtils.getCanonicalKeyType(t));
        List<NamedFactory<Signature>> first = new ArrayList<>();
        List<NamedFactory<Signature>> rest = new ArrayList<>();
        for (NamedFactory<Signature> f : all) {
            (canonical.contains(KeyUtils.getCanonicalKeyType(f.getName())) ? first : rest).add(f);
        }
        first.addAll(rest);
        return first;
    }

    /** The configuration this console was connected with. */
    public SshSerialConfig config() {
        return config;
    }

    /** The command line the last login drove. */
    public BmcCli cli() {
        lock.lock();
        try {
            return link == null ? config.cli() : link.cli();
        } finally {
            lock.unlock();
        }
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
        return "SshSerial{" + config.endpoint() + ", " + cli() + "}";
    }

    // ---- writing ----

    private void write(byte[] bytes, String what) {
        synchronized (writeLock) {
            SshLink l = awaitConnected(what);
            try {
                l.write(bytes);
            } catch (IOException e) {
                if (isClosed()) throw error(config, Kind.UNREACHABLE, "write", "closed", e);
                String why = "lost the session while " + what + " (" + detail(e) + ")";
                lost(l, why);
                throw error(config, Kind.UNREACHABLE, "write", why, e);
            }
        }
    }

    /** The live link, waiting while a new login is under way (bounded by the reconnect policy). */
    private SshLink awaitConnected(String what) {
        lock.lock();
        try {
            while (state == State.LOST || state == State.RECONNECTING) stateChanged.await();
            if (state == State.CLOSED) throw error(config, Kind.UNREACHABLE, "write", "closed", null);
            if (state == State.FAILED) throw rethrow(failure);
            return link;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(config, Kind.UNREACHABLE, "write", "still reconnecting when the thread was interrupted while " + what, e);
        } finally {
            lock.unlock();
        }
    }

    private static ConnectorException rethrow(ConnectorException f) {
        return new ConnectorException(f.kind(), f.endpoint(), f.protocol(), f.phase(), f.getMessage(), f);
    }

    // ---- losing and logging in again ----

    /** What the next login tells when it ends: a loss, unless a later login replaced it. */
    private java.util.function.Consumer<String> lossHandler() {
        long g;
        lock.lock();
        try {
            g = ++generation;
        } finally {
            lock.unlock();
        }
        return why -> lost(g, why);
    }

    /** Called by a link's listeners (MINA threads) when it ends. */
    private void lost(long g, String why) {
        lock.lock();
        try {
            if (g != generation || state != State.CONNECTED) return;
            state = State.LOST;
            lostWhy = why;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void lost(SshLink l, String why) {
        lock.lock();
        try {
            if (link != l || state != State.CONNECTED) return;
            state = State.LOST;
            lostWhy = why;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The keeper thread: waits for a loss, then logs in again as the policy says. */
    private void keep() {
        try {
            while (true) {
                String why;
                SshLink old;
                lock.lock();
                try {
                    while (state == State.CONNECTED) stateChanged.await();
                    if (state != State.LOST) return;
                    state = State.RECONNECTING;
                    why = lostWhy;
                    old = link;
                } finally {
                    lock.unlock();
                }
                if (old != null) old.close();
                buffer.endOfStream();
                if (!reconnect(why)) return;
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException | Error e) {
            fail(error(config, Kind.UNREACHABLE, "read", "the keeper broke (" + detail(e) + ")", e));
        }
    }

    /** True when a new link is up; false after giving up (or closing). */
    private boolean reconnect(String reason) throws InterruptedException {
        SerialReconnect policy = config.reconnect();
        int max = policy.maxAttempts();
        if (max == 0) {
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, reason, 0, 0));
            fail(error(config, Kind.UNREACHABLE, "read", reason + "; reconnecting is off", null));
            return false;
        }
        long deadline = System.nanoTime() + policy.maxTotal().toNanos();
        String last = null;
        ConnectorException lastError = null;
        int made = 0;
        for (int attempt = 1; attempt <= max; attempt++) {
            long backoff = policy.backoff(attempt).toNanos();
            long left = deadline - System.nanoTime() - backoff;
            if (left < TimeUnit.MILLISECONDS.toNanos(1)) break;
            notify(new SerialEvent(SerialEvent.Type.RECONNECTING, describe, last == null ? reason : last, attempt, max));
            TimeUnit.NANOSECONDS.sleep(backoff);
            if (isClosed()) return false;
            made = attempt;
            Duration budget = Duration.ofNanos(Math.min(config.connectTimeout().toNanos(), left));
            SshLink l;
            try {
                l = SshLink.open(client, config, keys, buffer, budget, lossHandler());
            } catch (ConnectorException e) {
                if (isClosed()) return false;
                lastError = e;
                last = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                if (e.kind() == Kind.AUTHENTICATION) break; // a changed key or a refused password does not get better by trying
                continue;
            }
            lock.lock();
            try {
                if (state == State.CLOSED) {
                    l.close();
                    return false;
                }
                link = l;
                state = State.CONNECTED;
                stateChanged.signalAll();
            } finally {
                lock.unlock();
            }
            notify(new SerialEvent(SerialEvent.Type.RECONNECTED, describe, "", attempt, max));
            return true;
        }
        if (made == 0) {
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, reason, 0, max));
            fail(error(config, Kind.UNREACHABLE, "reconnect", reason + "; no reconnection attempt fit in " + SshLink.seconds(policy.maxTotal()), null));
        } else {
            notify(new SerialEvent(SerialEvent.Type.GAVE_UP, describe, last, made, max));
            Kind kind = lastError != null && lastError.kind() == Kind.AUTHENTICATION ? Kind.AUTHENTICATION : Kind.UNREACHABLE;
            fail(error(config, kind, "reconnect", reason + "; could not log in again in " + made + (made == 1 ? " attempt" : " attempts")
                    + " (" + last + ")", lastError));
        }
        return false;
    }

    private void notify(SerialEvent event) {
        try {
            config.listener().onEvent(event);
        } catch (RuntimeException ignored) {
            // a listener's bug must not stop the console
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
     * Leaves the serial bridge (the command line's escape), ends the session and stops the
     * keeper thread, waiting up to about 2 s for each. Later {@link #awaitChange}, {@link #type}
     * and {@link #press} throw an UNREACHABLE ConnectorException ("… closed"); {@link #recent()}
     * still answers. Idempotent.
     */
    @Override
    public void close() {
        SshLink l;
        boolean live;
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            live = state == State.CONNECTED;
            state = State.CLOSED;
            l = link;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
        buffer.fail(error(config, Kind.UNREACHABLE, "read", "closed", null));
        keeper.interrupt();
        synchronized (writeLock) { // a write in progress finishes (bounded by the write timeout) before the escape goes
            if (l != null) {
                if (live) l.closeGracefully(CLOSE_GRACE);
                else l.close();
            }
        }
        client.stop();
        if (Thread.currentThread() != keeper) {
            try {
                keeper.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- messages ----

    /** An exception's message made safe for one log line: printable, at most 200 characters. */
    static String detail(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length() && b.length() < 200; i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        return b.toString().trim();
    }

    static ConnectorException error(SshSerialConfig config, Kind kind, String phase, String why, Throwable cause) {
        return new ConnectorException(kind, config.endpoint(), PROTOCOL, phase, PROTOCOL + " at " + config.endpoint() + ": " + why, cause);
    }
}
