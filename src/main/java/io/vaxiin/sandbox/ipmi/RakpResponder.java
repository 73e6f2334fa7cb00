package io.vaxiin.sandbox.ipmi;

import io.vaxiin.connector.ipmi.CipherSuite;
import io.vaxiin.connector.ipmi.Rmcp;
import io.vaxiin.connector.ipmi.SessionKeys;

import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The BMC's side of setting up an RMCP+ session (IPMI v2.0, 13.17–13.23): it answers Open
 * Session with the cipher suite (3 or 17; any other is refused with status 0x11, an algorithm
 * number that does not exist with 0x04, 0x05 or 0x10), RAKP 1 with RAKP 2 (an unknown user gets
 * 0x0d; the key-exchange code is keyed with the user's password, so a console with another
 * password finds it wrong), and RAKP 3 with RAKP 4 (a wrong code gets 0x0f; a good one makes the
 * session active with keys from the session integrity key). Runs on the BMC's thread only.
 */
final class RakpResponder {

    static final int MAX_SESSIONS = 8;

    private static final int OK = 0x00, NO_RESOURCES = 0x01, INVALID_SESSION = 0x02, INVALID_AUTH = 0x04,
            INVALID_INTEGRITY = 0x05, INVALID_ROLE = 0x09, UNAUTHORIZED_ROLE = 0x0a, INVALID_NAME_LENGTH = 0x0c,
            UNAUTHORIZED_NAME = 0x0d, INVALID_CHECK_VALUE = 0x0f, INVALID_CONFIDENTIALITY = 0x10, NO_SUITE = 0x11,
            ILLEGAL_PARAMETER = 0x12;

    private final byte[] user;
    private final byte[] key;
    private final byte[] guid;
    private final Map<Integer, BmcSession> sessions;
    private final Consumer<String> log;

    RakpResponder(byte[] user, byte[] key, byte[] guid, Map<Integer, BmcSession> sessions, Consumer<String> log) {
        this.user = user;
        this.key = key;
        this.guid = guid;
        this.sessions = sessions;
        this.log = log;
    }

    /** The Open Session response datagram to an Open Session request. */
    byte[] openSession(byte[] p, SocketAddress from) {
        if (p.length < 8) return null; // not even the console's session ID to answer to
        int tag = p[0] & 0xff;
        int consoleId = Rmcp.le32(p, 4);
        if (p.length < 32 || (p[8] & 0xff) != 0 || (p[16] & 0xff) != 1 || (p[24] & 0xff) != 2
                || (p[11] & 0xff) != 8 || (p[19] & 0xff) != 8 || (p[27] & 0xff) != 8) {
            return openError(tag, ILLEGAL_PARAMETER, consoleId);
        }
        int asked = p[1] & 0x0f;
        if (asked > BmcSession.ADMINISTRATOR) return openError(tag, INVALID_ROLE, consoleId);
        if (consoleId == 0) return openError(tag, INVALID_SESSION, consoleId);
        int auth = p[12] & 0x3f, integrity = p[20] & 0x3f, confidentiality = p[28] & 0x3f;
        if (auth > 0x03) return openError(tag, INVALID_AUTH, consoleId);
        if (integrity > 0x04) return openError(tag, INVALID_INTEGRITY, consoleId);
        if (confidentiality > 0x03) return openError(tag, INVALID_CONFIDENTIALITY, consoleId);
        Optional<CipherSuite> suite = CipherSuite.byAlgorithms(auth, integrity, confidentiality)
                .filter(s -> s == CipherSuite.SUITE_3 || s == CipherSuite.SUITE_17);
        if (suite.isEmpty()) {
            log.accept("sandbox ipmi: refused a session from " + from + ": algorithms " + auth + "/" + integrity + "/" + confidentiality
                    + " are not cipher suite 3 or 17");
            return openError(tag, NO_SUITE, consoleId);
        }
        if (sessions.size() >= MAX_SESSIONS) return openError(tag, NO_RESOURCES, consoleId);
        int bmcId;
        do {
            bmcId = ThreadLocalRandom.current().nextInt();
        } while (bmcId == 0 || sessions.containsKey(bmcId));
        int granted = asked == 0 ? BmcSession.ADMINISTRATOR : asked;
        BmcSession s = new BmcSession(bmcId, consoleId, suite.get(), from, granted);
        sessions.put(bmcId, s);
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(tag);
        r.write(OK);
        r.write(granted);
        r.write(0);
        Rmcp.le32(r, consoleId);
        Rmcp.le32(r, bmcId);
        algorithm(r, 0, s.suite.authAlgorithm());
        algorithm(r, 1, s.suite.integrityAlgorithm());
        algorithm(r, 2, s.suite.confidentialityAlgorithm());
        return Rmcp.v20(Rmcp.OPEN_RESPONSE, 0, 0, r.toByteArray(), null);
    }

    private static void algorithm(ByteArrayOutputStream r, int type, int number) {
        r.write(type); r.write(0); r.write(0); r.write(8);
        r.write(number); r.write(0); r.write(0); r.write(0);
    }

    private static byte[] openError(int tag, int status, int consoleId) {
        return Rmcp.v20(Rmcp.OPEN_RESPONSE, 0, 0, statusOnly(tag, status, consoleId), null);
    }

    /** RAKP 2 to a RAKP 1. */
    byte[] rakp1(byte[] p, SocketAddress from) {
        if (p.length < 28) return null;
        int tag = p[0] & 0xff;
        BmcSession s = sessions.get(Rmcp.le32(p, 4));
        if (s == null || s.active() || !s.peer.equals(from)) return rakp2Error(tag, INVALID_SESSION, 0);
        int nameLength = p[27] & 0xff;
        if (nameLength > 16 || p.length < 28 + nameLength) return fail(s, tag, INVALID_NAME_LENGTH, "a user name of " + nameLength + " bytes");
        byte[] name = Arrays.copyOfRange(p, 28, 28 + nameLength);
        int role = p[24] & 0xff;
        int level = role & 0x0f;
        if (level < 1 || level > BmcSession.ADMINISTRATOR || (role & 0xe0) != 0) return fail(s, tag, INVALID_ROLE, "role " + role);
        if (!MessageDigest.isEqual(name, user)) {
            return fail(s, tag, UNAUTHORIZED_NAME, "the unknown user '" + printable(name) + "'");
        }
        if (level > s.maxPrivilege) return fail(s, tag, UNAUTHORIZED_ROLE, "privilege " + level + " above the " + s.maxPrivilege + " it opened with");
        s.consoleRandom = Arrays.copyOfRange(p, 8, 24);
        s.bmcRandom = SessionKeys.random(16);
        s.role = role;
        s.user = name;
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        Rmcp.le32(h, s.consoleId);
        Rmcp.le32(h, s.bmcId);
        h.writeBytes(s.consoleRandom);
        h.writeBytes(s.bmcRandom);
        h.writeBytes(guid);
        h.write(role);
        h.write(nameLength);
        h.writeBytes(name);
        ByteArrayOutputStream k = new ByteArrayOutputStream();
        k.writeBytes(s.consoleRandom);
        k.writeBytes(s.bmcRandom);
        k.write(role);
        k.write(nameLength);
        k.writeBytes(name);
        if (s.sik != null) Arrays.fill(s.sik, (byte) 0);
        s.sik = SessionKeys.authCode(s.suite, key, k.toByteArray());
        s.state = BmcSession.State.RAKP2_SENT;
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(tag);
        r.write(OK);
        r.write(0); r.write(0);
        Rmcp.le32(r, s.consoleId);
        r.writeBytes(s.bmcRandom);
        r.writeBytes(guid);
        r.writeBytes(SessionKeys.authCode(s.suite, key, h.toByteArray()));
        return Rmcp.v20(Rmcp.RAKP2, 0, 0, r.toByteArray(), null);
    }

    private byte[] fail(BmcSession s, int tag, int status, String what) {
        sessions.remove(s.bmcId);
        log.accept("sandbox ipmi: refused a session from " + s.peer + ": " + what + " (RAKP 2 status 0x" + Integer.toHexString(status) + ")");
        return rakp2Error(tag, status, s.consoleId);
    }

    private static byte[] rakp2Error(int tag, int status, int consoleId) {
        return Rmcp.v20(Rmcp.RAKP2, 0, 0, statusOnly(tag, status, consoleId), null);
    }

    /** RAKP 4 to a RAKP 3, or null when none is due (the console reported an error: the session is dropped). */
    byte[] rakp3(byte[] p, SocketAddress from) {
        if (p.length < 8) return null;
        int tag = p[0] & 0xff;
        int status = p[1] & 0xff;
        BmcSession s = sessions.get(Rmcp.le32(p, 4));
        if (s == null || !s.peer.equals(from)) return rakp4(tag, INVALID_SESSION, 0, new byte[0]);
        if (s.active()) return s.rakp4 == null ? null : s.rakp4; // RAKP 4 was lost: the same again
        if (s.state != BmcSession.State.RAKP2_SENT) return rakp4(tag, INVALID_SESSION, s.consoleId, new byte[0]);
        if (status != 0) {
            sessions.remove(s.bmcId);
            log.accept("sandbox ipmi: " + s + " from " + s.peer + " gave up in RAKP 3 with status 0x" + Integer.toHexString(status)
                    + (status == INVALID_CHECK_VALUE ? " (RAKP 2's code did not match its password)" : ""));
            return null;
        }
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(s.bmcRandom);
        Rmcp.le32(h, s.consoleId);
        h.write(s.role);
        h.write(s.user.length);
        h.writeBytes(s.user);
        byte[] expected = SessionKeys.authCode(s.suite, key, h.toByteArray());
        byte[] code = Arrays.copyOfRange(p, 8, Math.min(p.length, 8 + expected.length));
        if (!MessageDigest.isEqual(expected, code)) {
            sessions.remove(s.bmcId);
            log.accept("sandbox ipmi: refused " + s + " from " + s.peer + ": its RAKP 3 code does not match the password");
            return rakp4(tag, INVALID_CHECK_VALUE, s.consoleId, new byte[0]);
        }
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.writeBytes(s.consoleRandom);
        Rmcp.le32(v, s.bmcId);
        v.writeBytes(guid);
        byte[] check = SessionKeys.checkValue(s.suite, s.sik, v.toByteArray());
        s.activate();
        s.touch();
        s.rakp4 = rakp4(tag, OK, s.consoleId, check);
        log.accept("sandbox ipmi: " + s + " opened from " + s.peer);
        return s.rakp4;
    }

    private static byte[] rakp4(int tag, int status, int consoleId, byte[] check) {
        byte[] m = statusOnly(tag, status, consoleId);
        byte[] r = Arrays.copyOf(m, m.length + check.length);
        System.arraycopy(check, 0, r, m.length, check.length);
        return Rmcp.v20(Rmcp.RAKP4, 0, 0, r, null);
    }

    /** Tag, status, two reserved bytes, the console's session ID: what every refusal carries. */
    private static byte[] statusOnly(int tag, int status, int consoleId) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(tag);
        r.write(status);
        r.write(0); r.write(0);
        Rmcp.le32(r, consoleId);
        return r.toByteArray();
    }

    private static String printable(byte[] name) {
        StringBuilder b = new StringBuilder();
        for (byte c : name) b.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        return b.toString();
    }
}
