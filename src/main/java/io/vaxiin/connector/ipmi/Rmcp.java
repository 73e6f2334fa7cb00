package io.vaxiin.connector.ipmi;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The bytes on the wire: RMCP's header, the IPMI v1.5 session header (used only before a session,
 * for Get Channel Authentication Capabilities) and the IPMI v2.0 RMCP+ session header with its
 * integrity trailer (IPMI v2.0, 13.6 and 13.28). Encoding is exact; decoding never trusts a
 * length and throws {@link Malformed} with what was wrong.
 *
 * <p>Both sides of the wire use it: the client ({@link IpmiSession}) and the sandbox's BMC, which
 * encodes its answers with the same {@link #v15} and {@link #v20} and reads requests with
 * {@link #decode}; {@link #sessionIdOf} tells it, before decoding, which session's keys to use.
 */
public final class Rmcp {

    static final int AUTH_NONE = 0x00;
    static final int AUTH_RMCP_PLUS = 0x06;

    /** Payload types of RMCP+ (table 13-16). */
    public static final int IPMI = 0x00, SOL = 0x01, OPEN_REQUEST = 0x10, OPEN_RESPONSE = 0x11,
            RAKP1 = 0x12, RAKP2 = 0x13, RAKP3 = 0x14, RAKP4 = 0x15;

    private static final int ENCRYPTED = 0x80, AUTHENTICATED = 0x40;

    private Rmcp() {}

    /** A packet that could not be read, and why. */
    public static final class Malformed extends Exception {
        Malformed(String why) { super(why, null, false, false); }
    }

    /**
     * One decoded packet.
     *
     * @param payloadType   0 for an IPMI message, 1 for SOL, 0x11/0x13/0x15 for the handshake
     * @param sessionId     the session ID of the header (ours, once a session is up)
     * @param sequence      the session sequence number
     * @param authenticated true when the packet carried an integrity code that verified
     * @param payload       the payload, decrypted
     */
    public record Packet(int payloadType, int sessionId, int sequence, boolean authenticated, byte[] payload) {}

    /** An IPMI v1.5 packet without authentication, for requests before any session and the BMC's answers to them. */
    public static byte[] v15(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x06); out.write(0x00); out.write(0xff); out.write(0x07);
        out.write(AUTH_NONE);
        out.writeBytes(new byte[8]); // session sequence, session ID
        out.write(message.length);
        out.writeBytes(message);
        return out.toByteArray();
    }

    /**
     * An RMCP+ packet. With {@code keys} (a session is up) the payload is encrypted when the
     * suite encrypts, and the packet is signed when the suite signs.
     */
    public static byte[] v20(int payloadType, int sessionId, int sequence, byte[] payload, SessionKeys keys) {
        boolean encrypt = keys != null && keys.suite.encrypted;
        boolean sign = keys != null && keys.suite.signs();
        byte[] body = encrypt ? keys.encrypt(payload) : payload;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x06); out.write(0x00); out.write(0xff); out.write(0x07);
        out.write(AUTH_RMCP_PLUS);
        out.write(payloadType | (encrypt ? ENCRYPTED : 0) | (sign ? AUTHENTICATED : 0));
        le32(out, sessionId);
        le32(out, sequence);
        out.write(body.length & 0xff);
        out.write(body.length >>> 8);
        out.writeBytes(body);
        if (sign) {
            // pad so that everything from the auth type to the next-header byte is whole 32-bit words
            int signed = out.size() - 4 + 2;
            int pad = (4 - signed % 4) % 4;
            for (int i = 0; i < pad; i++) out.write(0xff);
            out.write(pad);
            out.write(0x07);
            byte[] sofar = out.toByteArray();
            out.writeBytes(keys.integrity(sofar, 4, sofar.length - 4));
        }
        return out.toByteArray();
    }

    /**
     * Decodes a datagram. {@code keys} verify and decrypt packets of the session; before the
     * session, pass null (a signed or encrypted packet then is malformed).
     */
    public static Packet decode(byte[] d, int len, SessionKeys keys) throws Malformed {
        if (len < 4) throw new Malformed("a " + len + "-byte datagram is shorter than an RMCP header");
        if ((d[0] & 0xff) != 0x06) throw new Malformed("RMCP version " + hex(d[0]) + ", not 0x06");
        if ((d[3] & 0x1f) != 0x07) throw new Malformed("RMCP message class " + hex(d[3]) + ", not IPMI (0x07)");
        if (len < 5) throw new Malformed("no IPMI session header");
        int auth = d[4] & 0xff;
        if (auth == AUTH_NONE) {
            need(len, 14, "IPMI v1.5 session header");
            int msgLen = d[13] & 0xff;
            need(len, 14 + msgLen, "IPMI v1.5 message of " + msgLen + " bytes");
            return new Packet(IPMI, le32(d, 9), le32(d, 5), false, Arrays.copyOfRange(d, 14, 14 + msgLen));
        }
        if (auth != AUTH_RMCP_PLUS) {
            throw new Malformed("session authentication type " + hex(d[4]) + " (IPMI v1.5 with authentication), not RMCP+");
        }
        need(len, 16, "RMCP+ session header");
        int typeByte = d[5] & 0xff;
        int type = typeByte & 0x3f;
        if (type == 0x02) throw new Malformed("an OEM payload, which this client does not use");
        int sessionId = le32(d, 6);
        int sequence = le32(d, 10);
        int bodyLen = (d[14] & 0xff) | (d[15] & 0xff) << 8;
        need(len, 16 + bodyLen, "RMCP+ payload of " + bodyLen + " bytes");
        boolean signed = (typeByte & AUTHENTICATED) != 0;
        boolean encrypted = (typeByte & ENCRYPTED) != 0;
        if ((signed || encrypted) && keys == null) {
            throw new Malformed("a signed or encrypted packet before the session was set up");
        }
        if (signed) {
            if (!keys.suite.signs()) throw new Malformed("a signed packet in a session without integrity");
            int codeLen = keys.suite.integrity.truncated;
            int end = 16 + bodyLen;
            need(len, end + 2 + codeLen, "integrity trailer");
            // the trailer: pad (0xff…), pad length, next header (0x07), code; the datagram ends there
            int codeAt = len - codeLen;
            if ((d[codeAt - 1] & 0xff) != 0x07) throw new Malformed("integrity trailer without next header 0x07");
            int pad = d[codeAt - 2] & 0xff;
            if (end + pad + 2 != codeAt) throw new Malformed("integrity pad of " + pad + " bytes does not fit the packet");
            if (!keys.verify(d, 4, codeAt - 4, Arrays.copyOfRange(d, codeAt, len))) {
                throw new Malformed("integrity check failed (a forged packet, or another session's)");
            }
        } else if (keys != null && keys.suite.signs() && type != OPEN_RESPONSE
                && type != RAKP2 && type != RAKP4) {
            throw new Malformed("an unsigned packet in a session that signs every packet");
        }
        byte[] body = Arrays.copyOfRange(d, 16, 16 + bodyLen);
        if (encrypted) {
            if (!keys.suite.encrypted) throw new Malformed("an encrypted packet in a session without encryption");
            body = keys.decrypt(body);
            if (body == null) throw new Malformed("a payload that does not decrypt (wrong length or pad)");
        }
        return new Packet(type, sessionId, sequence, signed, body);
    }

    /**
     * The session ID in the header of an RMCP+ datagram, read without checking anything else;
     * 0 (outside any session) for an IPMI v1.5 datagram or one too short to have the field.
     * A server uses it to pick the session whose keys {@link #decode} needs.
     */
    public static int sessionIdOf(byte[] d, int len) {
        if (len < 10 || (d[4] & 0xff) != AUTH_RMCP_PLUS) return 0;
        return le32(d, 6);
    }

    private static void need(int len, int n, String what) throws Malformed {
        if (len < n) throw new Malformed("truncated " + what + " (" + len + " bytes, needs " + n + ")");
    }

    /** Writes {@code v} as 4 bytes, least significant first, as every IPMI field is. */
    public static void le32(ByteArrayOutputStream out, int v) {
        out.write(v); out.write(v >>> 8); out.write(v >>> 16); out.write(v >>> 24);
    }

    /** The 4-byte little-endian number at {@code at}. */
    public static int le32(byte[] d, int at) {
        return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff) << 16 | (d[at + 3] & 0xff) << 24;
    }

    /** The 2-byte little-endian number at {@code at}. */
    public static int le16(byte[] d, int at) {
        return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8;
    }

    static String hex(byte b) {
        return String.format("0x%02x", b & 0xff);
    }
}
