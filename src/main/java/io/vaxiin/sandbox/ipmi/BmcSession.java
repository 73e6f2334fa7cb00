package io.vaxiin.sandbox.ipmi;

import io.vaxiin.connector.ipmi.CipherSuite;
import io.vaxiin.connector.ipmi.Rmcp;
import io.vaxiin.connector.ipmi.SessionKeys;

import java.net.SocketAddress;
import java.util.Arrays;

/**
 * One RMCP+ session as the sandbox's BMC keeps it: from Open Session through RAKP to active,
 * then its keys, privilege, sequence numbers and the last request it answered. Touched only on
 * the BMC's thread.
 */
final class BmcSession {

    enum State { OPENED, RAKP2_SENT, ACTIVE }

    /** Privilege levels (IPMI v2.0, table 22-14). */
    static final int USER = 2, OPERATOR = 3, ADMINISTRATOR = 4;

    /** How far behind the newest sequence number a packet may be and still be taken (IPMI v2.0, 6.12.13: 16 or more). */
    private static final int WINDOW = 32;

    final int bmcId;
    final int consoleId;
    final CipherSuite suite;
    final SocketAddress peer;
    final int maxPrivilege;
    State state = State.OPENED;
    int privilege;
    long lastActive = System.nanoTime();

    // RAKP
    byte[] consoleRandom;
    byte[] bmcRandom;
    int role;
    byte[] user;
    byte[] sik;
    byte[] rakp4;
    SessionKeys keys;

    // the last request answered, to answer a retry without doing it twice
    byte[] lastRequest;
    byte[] lastResponse;

    private int outbound;
    private long highest;
    private long seen;

    BmcSession(int bmcId, int consoleId, CipherSuite suite, SocketAddress peer, int maxPrivilege) {
        this.bmcId = bmcId;
        this.consoleId = consoleId;
        this.suite = suite;
        this.peer = peer;
        this.maxPrivilege = maxPrivilege;
    }

    /** Called by RAKP 3 when both sides proved the password: from now on every packet is signed and encrypted. */
    void activate() {
        keys = new SessionKeys(suite, sik);
        Arrays.fill(sik, (byte) 0);
        sik = null;
        state = State.ACTIVE;
        // a session starts at user privilege, or lower when that is all it asked for (IPMI v2.0, 13.14)
        privilege = Math.min(USER, role & 0x0f);
    }

    boolean active() {
        return state == State.ACTIVE;
    }

    void touch() {
        lastActive = System.nanoTime();
    }

    /** A datagram of this session to the console: signed and encrypted with the session's keys. */
    byte[] packet(int payloadType, byte[] payload) {
        outbound++;
        if (outbound == 0) outbound++; // 0 is for packets outside a session
        return Rmcp.v20(payloadType, consoleId, outbound, payload, keys);
    }

    /**
     * True for a session sequence number not seen before and not older than the window: a packet
     * replayed, or one from long ago, is dropped.
     */
    boolean fresh(int sequence) {
        long s = sequence & 0xffffffffL;
        if (s == 0) return false;
        if (s > highest) {
            long shift = s - highest;
            seen = shift >= 64 ? 0 : seen << shift;
            seen |= 1;
            highest = s;
            return true;
        }
        long back = highest - s;
        if (back >= WINDOW || (seen >>> back & 1) != 0) return false;
        seen |= 1L << back;
        return true;
    }

    /** "session 0x1a2b3c4d (admin, cipher suite 3)": never holds a secret. */
    @Override
    public String toString() {
        String name = user == null ? "?" : new String(user, java.nio.charset.StandardCharsets.UTF_8);
        return String.format("session 0x%08x (%s, cipher suite %d)", bmcId, name, suite.id());
    }
}
