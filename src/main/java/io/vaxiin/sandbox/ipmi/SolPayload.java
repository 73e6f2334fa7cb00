package io.vaxiin.sandbox.ipmi;

import io.vaxiin.sandbox.serial.SerialLine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The BMC's serial-over-LAN payload (IPMI v2.0, 15 and 24.1–24.3): one instance, active in at
 * most one session, carrying the machine's {@link SerialLine} both ways.
 *
 * <ul>
 *   <li>To the console: what the line sends from activation on, in packets of up to
 *       {@value #OUTBOUND} characters with sequence numbers 1–15, one packet in flight. A packet
 *       that is not acknowledged is sent again (same number, same characters) every
 *       {@value #RETRY_MS} ms, {@value #RETRIES} times, then given up (its characters are lost,
 *       as a BMC's are); an acknowledgement that accepts fewer characters sends the rest in the
 *       next packet; a NACK with none accepted keeps the packet for the next retry.</li>
 *   <li>From the console: each data packet is acknowledged with the count of its characters;
 *       one that comes again (the same sequence number and length as the last) is acknowledged
 *       again but not typed twice.</li>
 *   <li>Deactivating, from any session (a console taking SOL over), sends the session that had
 *       it a packet with "SOL deactivating" set.</li>
 * </ul>
 * Runs on the BMC's thread; the serial line's bytes are handed to it there.
 */
final class SolPayload {

    static final int OUTBOUND = 200;
    static final int RETRY_MS = 500;
    static final int RETRIES = 7;
    /** What waits for the console beyond this is dropped, oldest first, as a UART's buffer overflows. */
    private static final int MAX_PENDING = 64 * 1024;
    private static final int INBOUND_SIZE = 255, OUTBOUND_SIZE = OUTBOUND + 4;
    private static final int NACK = 0x40, DEACTIVATING = 0x10;

    private final SerialLine line;
    private final ScheduledExecutorService thread;
    private final BiConsumer<BmcSession, byte[]> send;
    private final Consumer<String> log;
    private final int port;

    private BmcSession owner;
    private SerialLine.Listening listening;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int sequence;
    private byte[] inFlight;
    private int inFlightSequence;
    private int attempts;
    private ScheduledFuture<?> retry;
    private int lastInSequence = -1, lastInLength = -1;

    /**
     * @param send sends a SOL payload in a session (signed and encrypted with its keys)
     * @param port the BMC's UDP port, which Activate Payload names as the payload's port
     */
    SolPayload(SerialLine line, ScheduledExecutorService thread, BiConsumer<BmcSession, byte[]> send, int port, Consumer<String> log) {
        this.line = line;
        this.thread = thread;
        this.send = send;
        this.port = port;
        this.log = log;
    }

    /** Activate Payload for SOL: the completion code and, on success, the 12 bytes of the answer. */
    BmcCommands.Answer activate(BmcSession s, byte[] d) {
        if (d.length < 6) return BmcCommands.Answer.of(0xc7);
        if ((d[1] & 0x0f) != 1) return BmcCommands.Answer.of(0xcc); // one instance only
        if (owner != null) return BmcCommands.Answer.of(0x80); // already active (in this or another session)
        owner = s;
        sequence = 0;
        lastInSequence = -1;
        lastInLength = -1;
        pending.reset();
        listening = line.listen(bytes -> thread.execute(() -> output(bytes)));
        log.accept("sandbox ipmi: serial-over-LAN activated in " + s);
        byte[] r = new byte[12];
        r[4] = (byte) INBOUND_SIZE; r[5] = (byte) (INBOUND_SIZE >>> 8);
        r[6] = (byte) OUTBOUND_SIZE; r[7] = (byte) (OUTBOUND_SIZE >>> 8);
        r[8] = (byte) port; r[9] = (byte) (port >>> 8);
        r[10] = (byte) 0xff; r[11] = (byte) 0xff; // no VLAN
        return new BmcCommands.Answer(0, r, null);
    }

    /** Deactivate Payload for SOL. */
    BmcCommands.Answer deactivate(BmcSession by, byte[] d) {
        if (d.length < 2) return BmcCommands.Answer.of(0xc7);
        if ((d[1] & 0x0f) != 1) return BmcCommands.Answer.of(0xcc);
        if (owner == null) return BmcCommands.Answer.of(0x80); // already deactivated
        BmcSession old = owner;
        if (old != by && old.active()) send.accept(old, new byte[] {0, 0, 0, DEACTIVATING});
        stop(old == by ? "deactivated by its console" : "deactivated by " + by);
        return BmcCommands.Answer.of(0);
    }

    /** Get Payload Activation Status for SOL: one instance, active or not. */
    byte[] status() {
        return new byte[] {1, (byte) (owner != null ? 1 : 0), 0};
    }

    /** Called when a session ends: its SOL ends with it. */
    void sessionGone(BmcSession s) {
        if (owner == s) stop(s + " ended");
    }

    void close() {
        if (owner != null) stop("the BMC stopped");
    }

    private void stop(String why) {
        if (listening != null) listening.close();
        listening = null;
        log.accept("sandbox ipmi: serial-over-LAN of " + owner + " " + why);
        owner = null;
        inFlight = null;
        cancelRetry();
        pending.reset();
    }

    // ---- to the console -----------------------------------------------------------------------

    private void output(byte[] bytes) {
        if (owner == null) return;
        pending.writeBytes(bytes);
        if (pending.size() > MAX_PENDING) {
            byte[] all = pending.toByteArray();
            pending.reset();
            pending.write(all, all.length - MAX_PENDING, MAX_PENDING);
        }
        pump();
    }

    private void pump() {
        if (owner == null || inFlight != null || pending.size() == 0) return;
        byte[] all = pending.toByteArray();
        int n = Math.min(OUTBOUND, all.length);
        inFlight = Arrays.copyOf(all, n);
        pending.reset();
        pending.write(all, n, all.length - n);
        sequence = sequence % 15 + 1;
        inFlightSequence = sequence;
        attempts = 0;
        transmit();
    }

    private void transmit() {
        attempts++;
        byte[] p = new byte[4 + inFlight.length];
        p[0] = (byte) inFlightSequence;
        System.arraycopy(inFlight, 0, p, 4, inFlight.length);
        send.accept(owner, p);
        cancelRetry();
        byte[] packet = inFlight;
        retry = thread.schedule(() -> {
            if (inFlight != packet || owner == null) return;
            if (attempts > RETRIES) {
                log.accept("sandbox ipmi: serial-over-LAN gave up on " + inFlight.length + " characters that " + owner
                        + " did not acknowledge after " + attempts + " sends");
                inFlight = null;
                pump();
            } else {
                transmit();
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private void cancelRetry() {
        if (retry != null) retry.cancel(false);
        retry = null;
    }

    // ---- from the console ---------------------------------------------------------------------

    /** A SOL packet of session {@code s}: an acknowledgement, data, or both. */
    void inbound(BmcSession s, byte[] p) {
        if (s != owner || p.length < 4) return; // SOL is not active in that session: ignored
        int seq = p[0] & 0x0f;
        int ack = p[1] & 0x0f;
        int accepted = p[2] & 0xff;
        boolean nack = (p[3] & NACK) != 0;
        if (ack != 0 && inFlight != null && ack == inFlightSequence) acknowledged(accepted, nack);
        if (seq != 0) {
            int length = p.length - 4;
            boolean again = seq == lastInSequence && length == lastInLength;
            lastInSequence = seq;
            lastInLength = length;
            if (!again && length > 0) line.type(Arrays.copyOfRange(p, 4, p.length));
            send.accept(s, new byte[] {0, (byte) seq, (byte) length, 0});
        }
    }

    private void acknowledged(int accepted, boolean nack) {
        if (nack && accepted == 0) return; // the console cannot take it now: the retry sends it again
        int taken = accepted == 0 || accepted > inFlight.length ? inFlight.length : accepted;
        if (taken < inFlight.length) {
            byte[] rest = Arrays.copyOfRange(inFlight, taken, inFlight.length);
            byte[] queued = pending.toByteArray();
            pending.reset();
            pending.writeBytes(rest);
            pending.writeBytes(queued);
        }
        inFlight = null;
        cancelRetry();
        pump();
    }
}
