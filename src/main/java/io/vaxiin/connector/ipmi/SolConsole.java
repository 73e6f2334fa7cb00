package io.vaxiin.connector.ipmi;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Serial;
import io.vaxiin.connector.serial.SerialBuffer;
import io.vaxiin.connector.serial.SerialKeys;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A server's serial console over IPMI serial-over-LAN (IPMI v2.0, 15 and 24), in an RMCP+
 * session of its own.
 *
 * <ul>
 *   <li>Activating: when the BMC says SOL is already active (another session holds it, or one
 *       of ours that was not closed), it is deactivated and activated again, once, and logged.</li>
 *   <li>Receiving: each data packet is acknowledged; a packet sent again (same sequence number
 *       and length as the last) is acknowledged again but its text is not added twice.</li>
 *   <li>Sending: one packet at a time (sequence 1–15), sent again after 0.5 s, 1 s, 1.5 s
 *       without an acknowledgement; a partial acknowledgement sends the rest as a new packet.</li>
 *   <li>Staying up: every few seconds without traffic, Get Payload Activation Status checks
 *       that SOL is still active (BMCs drop it on power changes, or say "deactivating"); a
 *       dropped SOL is activated again, in a new session when the old one is gone, and logged.</li>
 * </ul>
 */
public final class SolConsole implements Serial {

    private static final int ACTIVATE = 0x48, DEACTIVATE = 0x49, STATUS = 0x4a;
    private static final int PAYLOAD_SOL = 0x01, INSTANCE = 0x01;
    private static final int NACK = 0x40, TRANSFER_UNAVAILABLE = 0x20, DEACTIVATING = 0x10;
    private static final Duration RETRANSMIT = Duration.ofMillis(500);
    private static final int SEND_ATTEMPTS = 4;
    /** Without inbound traffic this long, the keeper checks that SOL is still active. */
    private static final Duration CHECK_AFTER = Duration.ofSeconds(3);
    /** How long re-activating may go on before the console is given up on. */
    private static final Duration REVIVE_FOR = Duration.ofSeconds(60);

    private final IpmiConfig config;
    private final Consumer<String> events;
    private final SerialBuffer buffer = new SerialBuffer();
    private final Object lock = new Object();
    private final Thread keeper;
    private volatile IpmiSession session;
    private volatile boolean closed;
    private volatile boolean dropped;
    private volatile String droppedWhy;
    private volatile long lastInbound = System.nanoTime();
    private int maxChunk = 255;

    // outbound: the one packet in flight (guarded by lock)
    private int outSequence;
    private int awaitedSequence;
    private int acceptedCount = -1;
    private boolean nacked;

    // inbound: the last data packet, to spot one sent again (reader thread only)
    private int lastInSequence = -1;
    private int lastInLength = -1;

    private SolConsole(IpmiConfig config, Consumer<String> events) {
        this.config = config;
        this.events = events == null ? e -> { } : events;
        this.keeper = new Thread(this::keep, "sol-keeper " + config.endpoint());
        this.keeper.setDaemon(true);
    }

    /**
     * Opens a session and activates serial-over-LAN.
     *
     * @param events where the console reports what it did on its own ("re-activated"), one line each
     * @throws ConnectorException UNREACHABLE or AUTHENTICATION when the session cannot be set up;
     *                            REFUSED when the BMC will not activate SOL
     */
    public static SolConsole connect(IpmiConfig config, Consumer<String> events) {
        SolConsole sol = new SolConsole(config, events);
        sol.session = IpmiSession.open(config);
        try {
            sol.activate(sol.session, true);
        } catch (RuntimeException e) {
            sol.session.close();
            throw e;
        }
        sol.keeper.start();
        return sol;
    }

    private String where() {
        return "SOL at " + config.endpoint();
    }

    // ---- activation ---------------------------------------------------------------------------

    private void activate(IpmiSession s, boolean first) {
        s.onSol(this::inbound);
        boolean encrypt = config.cipherSuite().encrypted;
        boolean sign = config.cipherSuite().signs();
        byte[] request = {PAYLOAD_SOL, INSTANCE, (byte) ((encrypt ? 0x80 : 0) | (sign ? 0x40 : 0)), 0, 0, 0};
        IpmiMessage r = s.request("Activate Payload (SOL)", IpmiSession.NETFN_APP, ACTIVATE, request);
        if (r.completion() == 0x80) {
            // Already active: another session holds it (often one of ours that died). Take it over, once.
            s.request("Deactivate Payload (SOL)", IpmiSession.NETFN_APP, DEACTIVATE, new byte[] {PAYLOAD_SOL, INSTANCE, 0, 0, 0, 0});
            events.accept(where() + ": serial-over-LAN was active in another session; deactivated it and activated it here");
            r = s.request("Activate Payload (SOL)", IpmiSession.NETFN_APP, ACTIVATE, request);
            if (r.completion() == 0x80) {
                throw refused("activate", "serial-over-LAN stays active in another session even after deactivating it");
            }
        }
        if (r.completion() != 0) {
            String why = switch (r.completion()) {
                case 0x81 -> "serial-over-LAN is disabled on the BMC (enable it: ipmitool sol set enabled true)";
                case 0x82 -> "the BMC's limit of serial-over-LAN sessions is reached";
                case 0x83 -> "the BMC cannot encrypt serial-over-LAN; try ?cipher=2";
                case 0x84 -> "the BMC allows serial-over-LAN only encrypted; use ?cipher=3";
                default -> "completion code " + CompletionCode.describe(r.completion());
            };
            throw refused("activate", "the BMC would not activate serial-over-LAN: " + why);
        }
        byte[] d = r.data();
        if (d.length < 10) throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), IpmiSession.PROTOCOL, "activate",
                where() + ": a " + d.length + "-byte answer to Activate Payload (12 expected)");
        int inboundSize = Rmcp.le16(d, 4);
        int port = Rmcp.le16(d, 8);
        if (port != 0 && port != config.port()) {
            throw refused("activate", "the BMC serves serial-over-LAN on UDP port " + port + ", which this client does not follow");
        }
        synchronized (lock) {
            // the BMC's inbound size counts the 4-byte SOL header; the accepted count is one byte
            maxChunk = Math.max(1, Math.min(255, inboundSize <= 4 ? 255 : inboundSize - 4));
            lastInSequence = -1;
            lastInLength = -1;
        }
        dropped = false;
        lastInbound = System.nanoTime();
        prime();
        if (!first) events.accept(where() + ": serial-over-LAN re-activated");
    }

    /**
     * Sends one packet without data first. A BMC takes a packet with the sequence number it last
     * acknowledged for a retransmission, acknowledges it and drops its data, and some (OpenIPMI's)
     * remember that number across sessions: a first packet with the number a previous session
     * ended on would be lost in silence. After an empty one, the next number cannot be that one.
     */
    private void prime() {
        synchronized (lock) {
            outSequence = outSequence % 15 + 1;
            awaitedSequence = outSequence;
            acceptedCount = -1;
            try {
                session.sendSol(new byte[] {(byte) outSequence, 0, 0, 0});
                long deadline = System.nanoTime() + RETRANSMIT.toNanos();
                while (acceptedCount < 0 && System.nanoTime() < deadline) lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ConnectorException e) {
                // the first real packet will say what is wrong
            } finally {
                awaitedSequence = 0;
            }
        }
    }

    private ConnectorException refused(String phase, String why) {
        return new ConnectorException(Kind.REFUSED, config.endpoint(), "SOL", phase, where() + ": " + why);
    }

    // ---- inbound ------------------------------------------------------------------------------

    /** Called by the session's reader for each SOL packet. */
    private void inbound(Rmcp.Packet packet) {
        byte[] p = packet.payload();
        if (p.length < 4) return;
        lastInbound = System.nanoTime();
        int sequence = p[0] & 0x0f;
        int ack = p[1] & 0x0f;
        int accepted = p[2] & 0xff;
        int status = p[3] & 0xff;
        if (ack != 0) {
            synchronized (lock) {
                if (ack == awaitedSequence) {
                    acceptedCount = accepted;
                    nacked = (status & NACK) != 0;
                    lock.notifyAll();
                }
            }
        }
        if ((status & DEACTIVATING) != 0) {
            drop("the BMC is deactivating serial-over-LAN (it does on power changes)");
        }
        if (sequence != 0) {
            int length = p.length - 4;
            boolean again = sequence == lastInSequence && length == lastInLength;
            lastInSequence = sequence;
            lastInLength = length;
            if (!again && length > 0) buffer.accept(p, 4, length);
            IpmiSession s = session;
            if (s != null) s.sendSol(new byte[] {0, (byte) sequence, (byte) length, 0});
        }
    }

    private void drop(String why) {
        if (closed) return;
        droppedWhy = why;
        dropped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    // ---- outbound -----------------------------------------------------------------------------

    @Override
    public void type(String text) {
        write(SerialKeys.typed(text), "typed text");
    }

    @Override
    public void press(KeyCombo keys) {
        write(SerialKeys.bytes(keys), "the key " + keys);
    }

    private void write(byte[] bytes, String what) {
        synchronized (lock) {
            int at = 0;
            while (at < bytes.length) {
                checkUsable();
                byte[] chunk = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + maxChunk));
                at += sendChunk(chunk, what);
            }
        }
    }

    /** Sends one packet until it is acknowledged; returns how many bytes the BMC accepted. Caller holds the lock. */
    private int sendChunk(byte[] chunk, String what) {
        outSequence = outSequence % 15 + 1;
        byte[] payload = new byte[4 + chunk.length];
        payload[0] = (byte) outSequence;
        System.arraycopy(chunk, 0, payload, 4, chunk.length);
        awaitedSequence = outSequence;
        try {
            for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
                acceptedCount = -1;
                nacked = false;
                session.sendSol(payload);
                long deadline = System.nanoTime() + RETRANSMIT.multipliedBy(attempt).toNanos();
                while (acceptedCount < 0 && !dropped && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                if (dropped || closed) break;
                if (acceptedCount >= 0) {
                    // a count of 0 without NACK is how some BMCs acknowledge a whole packet
                    if (!nacked) return acceptedCount == 0 ? chunk.length : Math.min(acceptedCount, chunk.length);
                    if (acceptedCount > 0) return Math.min(acceptedCount, chunk.length);
                    // NACK with nothing accepted: the BMC cannot take data now; send it again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "send", where() + ": interrupted while sending " + what, e);
        } finally {
            awaitedSequence = 0;
        }
        checkUsable();
        throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "send",
                where() + ": the BMC did not acknowledge " + what + " after " + SEND_ATTEMPTS + " tries over "
                        + RETRANSMIT.multipliedBy(SEND_ATTEMPTS * (SEND_ATTEMPTS + 1) / 2).toMillis() / 1000.0 + " s");
    }

    private void checkUsable() {
        if (closed) throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "send", where() + ": closed");
        if (dropped) {
            // wait for the keeper to bring it back, as long as it tries
            long deadline = System.nanoTime() + REVIVE_FOR.toNanos();
            try {
                while (dropped && !closed && !buffer.isEnded() && System.nanoTime() < deadline) lock.wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "send", where() + ": interrupted", e);
            }
            if (dropped) {
                throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "send",
                        where() + ": serial-over-LAN is down (" + droppedWhy + ") and could not be re-activated");
            }
        }
    }

    // ---- staying up ---------------------------------------------------------------------------

    private void keep() {
        long reviveStarted = 0;
        while (!closed) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) return;
            try {
                if (!dropped && Duration.ofNanos(System.nanoTime() - lastInbound).compareTo(CHECK_AFTER) > 0
                        && session.idle().compareTo(CHECK_AFTER) > 0) {
                    check();
                }
                if (dropped) {
                    if (reviveStarted == 0) reviveStarted = System.nanoTime();
                    revive();
                    reviveStarted = 0;
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                }
            } catch (ConnectorException e) {
                if (closed) return;
                if (!dropped) drop(e.getMessage());
                if (reviveStarted == 0) reviveStarted = System.nanoTime();
                if (System.nanoTime() - reviveStarted > REVIVE_FOR.toNanos()) {
                    buffer.fail(new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "re-activate",
                            where() + ": serial-over-LAN was lost (" + droppedWhy + ") and could not be re-activated for "
                                    + REVIVE_FOR.toSeconds() + " s: " + e.getMessage(), e));
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                    return;
                }
            }
        }
    }

    /** Asks the BMC whether SOL is still active in this session; marks it dropped when not. */
    private void check() {
        IpmiMessage r = session.request("Get Payload Activation Status (SOL)", IpmiSession.NETFN_APP, STATUS, new byte[] {PAYLOAD_SOL});
        lastInbound = System.nanoTime();
        if (r.completion() == 0 && r.data().length >= 2 && (r.data()[1] & 0x01) == 0) {
            drop("the BMC deactivated serial-over-LAN");
        }
    }

    private void revive() {
        events.accept(where() + ": serial-over-LAN dropped (" + droppedWhy + "); re-activating");
        buffer.endOfStream();
        try {
            activate(session, false);
        } catch (ConnectorException e) {
            if (e.kind() != Kind.UNREACHABLE) throw e;
            // the session itself is gone (the BMC restarted, or it ended the session): a new one
            IpmiSession old = session;
            IpmiSession fresh = IpmiSession.open(config);
            session = fresh;
            old.close();
            activate(fresh, false);
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    @Override
    public Text recent() {
        return buffer.recent();
    }

    @Override
    public Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        return buffer.awaitChange(sinceVersion, timeout);
    }

    /** "SOL at 127.0.0.1:623"; never contains a secret. */
    @Override
    public String describe() {
        return where();
    }

    /** Deactivates SOL (best effort) and closes the session; only the first call does anything. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        keeper.interrupt();
        synchronized (lock) {
            lock.notifyAll();
        }
        IpmiSession s = session;
        // one quick try: the BMC ends SOL with the session anyway
        s.requestOnce("Deactivate Payload (SOL)", IpmiSession.NETFN_APP, DEACTIVATE, new byte[] {PAYLOAD_SOL, INSTANCE, 0, 0, 0, 0});
        s.close();
        buffer.fail(new ConnectorException(Kind.UNREACHABLE, config.endpoint(), "SOL", "close", where() + ": closed"));
    }
}
