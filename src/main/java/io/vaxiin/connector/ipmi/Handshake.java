package io.vaxiin.connector.ipmi;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Sets up an RMCP+ session (IPMI v2.0, 13.15–13.31): Get Channel Authentication Capabilities
 * (is this an IPMI v2.0 BMC?), Open Session (the cipher suite), RAKP messages 1–4 (both sides
 * prove they know the password and agree on the session key), then Set Session Privilege Level.
 * Each refusal is turned into a sentence that says what to change.
 */
final class Handshake {

    private static final int NAME_ONLY_LOOKUP = 0x10;

    private final IpmiSession session;
    private final IpmiConfig config;
    private final CipherSuite suite;
    private final String where;

    Handshake(IpmiSession session, IpmiConfig config) {
        this.session = session;
        this.config = config;
        this.suite = config.cipherSuite();
        this.where = session.where();
    }

    void run() {
        java.util.Map<String, String> channel = authenticationCapabilities();
        try {
            int bmcSessionId = openSession();
            byte[] user = config.username().getBytes(StandardCharsets.UTF_8);
            byte[] key = passwordBytes();
            try {
                rakp(bmcSessionId, user, key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            privilege();
        } catch (ConnectorException e) {
            if (e.kind() != Kind.AUTHENTICATION) throw e;
            throw new IpmiLoginRefused(e, channel);
        }
    }

    /** Reads what the channel offers (no session needed) and refuses a BMC without RMCP+; returns what it told. */
    private java.util.Map<String, String> authenticationCapabilities() {
        // channel 0x0e is "this channel"; 0x80 asks for the IPMI v2.0 part of the answer
        IpmiMessage r = session.request("Get Channel Authentication Capabilities", IpmiSession.NETFN_APP, 0x38,
                new byte[] {(byte) 0x8e, (byte) config.privilege().level});
        if (r.completion() != 0 || r.data().length < 4) {
            if (r.completion() == 0xcc || r.completion() == 0xc9) {
                // an IPMI v1.5 BMC refuses the v2.0 bit; say so rather than failing later in RAKP
                throw refused("Get Channel Authentication Capabilities", "does not speak IPMI v2.0 (RMCP+): it answered "
                        + CompletionCode.describe(r.completion()) + " to the v2.0 request; this client needs lanplus");
            }
            throw refused("Get Channel Authentication Capabilities", "answered Get Channel Authentication Capabilities with "
                    + CompletionCode.describe(r.completion()));
        }
        boolean v20 = (r.data()[1] & 0x80) != 0 && (r.data()[3] & 0x02) != 0;
        if (!v20) {
            throw refused("Get Channel Authentication Capabilities",
                    "does not offer IPMI v2.0 (RMCP+) sessions on this channel, only IPMI v1.5; this client needs lanplus");
        }
        return channelFacts(r.data());
    }

    /** Get Channel Authentication Capabilities' answer (IPMI 2.0, table 22-15) in words. */
    static java.util.Map<String, String> channelFacts(byte[] d) {
        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
        found.put("ipmiChannel", String.valueOf(d[0] & 0x0f));
        found.put("ipmiLan", ((d[3] & 0x02) != 0 ? "2.0 (RMCP+)" : "") + ((d[3] & 0x03) == 0x03 ? ", " : "") + ((d[3] & 0x01) != 0 ? "1.5" : ""));
        found.put("anonymousLogin", (d[2] & 0x01) != 0 ? "enabled" : "disabled");
        found.put("nullUserNames", (d[2] & 0x02) != 0 ? "enabled" : "disabled");
        found.put("kg", (d[2] & 0x20) != 0 ? "set (a BMC key is needed besides the password)" : "not set");
        if (d.length >= 7) {
            int oem = (d[4] & 0xff) | (d[5] & 0xff) << 8 | (d[6] & 0xff) << 16;
            if (oem != 0) found.put("authOem", String.valueOf(oem));
        }
        return found;
    }

    private int openSession() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(1); // message tag
        p.write(config.privilege().level);
        p.write(0); p.write(0);
        Rmcp.le32(p, session.consoleSessionId());
        algorithm(p, 0x00, suite.authAlgorithm());
        algorithm(p, 0x01, suite.integrityAlgorithm());
        algorithm(p, 0x02, suite.confidentialityAlgorithm());
        byte[] r = session.handshake("Open Session", Rmcp.OPEN_REQUEST, p.toByteArray(), Rmcp.OPEN_RESPONSE).payload();
        if (r.length < 2) throw malformed("Open Session", "a " + r.length + "-byte Open Session response");
        int status = r[1] & 0xff;
        if (status != 0) {
            String why = RakpStatus.describe(status);
            if (status >= 0x04 && status <= 0x07 || status == 0x10 || status == 0x11) {
                throw auth("Open Session", "does not offer cipher suite " + suite.id + " (" + suite.algorithms() + "): Open Session status "
                        + why + "; try another with ?cipher=N (" + CipherSuite.ids() + "; 3 is the most common)");
            }
            if (status == 0x09 || status == 0x0a || status == 0x0b) {
                throw auth("Open Session", "refused a session with " + config.privilege().name().toLowerCase() + " privilege: status "
                        + why + "; try ?privilege=operator");
            }
            throw auth("Open Session", "refused to open a session: status " + why);
        }
        if (r.length < 36) throw malformed("Open Session", "a " + r.length + "-byte Open Session response (36 expected)");
        if (Rmcp.le32(r, 4) != session.consoleSessionId()) {
            throw malformed("Open Session", "an Open Session response for another console session");
        }
        int bmcSessionId = Rmcp.le32(r, 8);
        if (bmcSessionId == 0) throw malformed("Open Session", "an Open Session response with session ID 0");
        if ((r[16] & 0x3f) != suite.authAlgorithm() || (r[24] & 0x3f) != suite.integrityAlgorithm()
                || (r[32] & 0x3f) != suite.confidentialityAlgorithm()) {
            throw auth("Open Session", "answered cipher suite " + suite.id + " with other algorithms than were asked for; try ?cipher=3");
        }
        return bmcSessionId;
    }

    private static void algorithm(ByteArrayOutputStream p, int type, int algorithm) {
        p.write(type); p.write(0); p.write(0); p.write(8);
        p.write(algorithm); p.write(0); p.write(0); p.write(0);
    }

    private void rakp(int bmcSessionId, byte[] user, byte[] key) {
        byte[] consoleRandom = SessionKeys.random(16);
        int role = config.privilege().level | NAME_ONLY_LOOKUP;
        ByteArrayOutputStream m1 = new ByteArrayOutputStream();
        m1.write(2); // message tag
        m1.write(0); m1.write(0); m1.write(0);
        Rmcp.le32(m1, bmcSessionId);
        m1.writeBytes(consoleRandom);
        m1.write(role);
        m1.write(0); m1.write(0);
        m1.write(user.length);
        m1.writeBytes(user);
        byte[] r2 = session.handshake("RAKP message 1", Rmcp.RAKP1, m1.toByteArray(), Rmcp.RAKP2).payload();
        if (r2.length < 2) throw malformed("RAKP message 2", "a " + r2.length + "-byte RAKP message 2");
        int status = r2[1] & 0xff;
        if (status != 0) {
            if (status == 0x0d || status == 0x0c) {
                throw auth("RAKP message 2", "refused the user '" + config.username() + "': RAKP 2 status " + RakpStatus.describe(status));
            }
            if (status == 0x09 || status == 0x0a) {
                throw auth("RAKP message 2", "refused " + config.privilege().name().toLowerCase() + " privilege for the user '"
                        + config.username() + "': RAKP 2 status " + RakpStatus.describe(status) + "; try ?privilege=operator");
            }
            throw auth("RAKP message 2", "refused the session: RAKP 2 status " + RakpStatus.describe(status));
        }
        int codeLength = suite.auth.length;
        if (r2.length < 40 + codeLength) throw malformed("RAKP message 2", "a " + r2.length + "-byte RAKP message 2");
        if (Rmcp.le32(r2, 4) != session.consoleSessionId()) throw malformed("RAKP message 2", "a RAKP message 2 for another session");
        byte[] bmcRandom = Arrays.copyOfRange(r2, 8, 24);
        byte[] guid = Arrays.copyOfRange(r2, 24, 40);
        byte[] code = Arrays.copyOfRange(r2, 40, 40 + codeLength);

        ByteArrayOutputStream h2 = new ByteArrayOutputStream();
        Rmcp.le32(h2, session.consoleSessionId());
        Rmcp.le32(h2, bmcSessionId);
        h2.writeBytes(consoleRandom);
        h2.writeBytes(bmcRandom);
        h2.writeBytes(guid);
        h2.write(role);
        h2.write(user.length);
        h2.writeBytes(user);
        if (!MessageDigest.isEqual(SessionKeys.hmac(suite.auth, key, h2.toByteArray()), code)) {
            // Tell the BMC, so it frees the session at once, then say what is wrong.
            rakp3Failed(bmcSessionId);
            throw auth("RAKP message 2", "refused the credentials of user '" + config.username()
                    + "': the BMC's RAKP 2 key-exchange code does not match this password");
        }

        ByteArrayOutputStream h3 = new ByteArrayOutputStream();
        h3.writeBytes(bmcRandom);
        Rmcp.le32(h3, session.consoleSessionId());
        h3.write(role);
        h3.write(user.length);
        h3.writeBytes(user);
        ByteArrayOutputStream m3 = new ByteArrayOutputStream();
        m3.write(3); // message tag
        m3.write(0);
        m3.write(0); m3.write(0);
        Rmcp.le32(m3, bmcSessionId);
        m3.writeBytes(SessionKeys.hmac(suite.auth, key, h3.toByteArray()));
        byte[] r4 = session.handshake("RAKP message 3", Rmcp.RAKP3, m3.toByteArray(), Rmcp.RAKP4).payload();
        if (r4.length < 2) throw malformed("RAKP message 4", "a " + r4.length + "-byte RAKP message 4");
        int status4 = r4[1] & 0xff;
        if (status4 != 0) {
            if (status4 == 0x0f) {
                throw auth("RAKP message 4", "refused the credentials of user '" + config.username() + "': RAKP 4 status "
                        + RakpStatus.describe(status4));
            }
            throw auth("RAKP message 4", "refused the session: RAKP 4 status " + RakpStatus.describe(status4));
        }
        if (r4.length < 8 + suite.auth.truncated) throw malformed("RAKP message 4", "a " + r4.length + "-byte RAKP message 4");

        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(consoleRandom);
        s.writeBytes(bmcRandom);
        s.write(role);
        s.write(user.length);
        s.writeBytes(user);
        byte[] sik = SessionKeys.hmac(suite.auth, key, s.toByteArray());
        ByteArrayOutputStream h4 = new ByteArrayOutputStream();
        h4.writeBytes(consoleRandom);
        Rmcp.le32(h4, bmcSessionId);
        h4.writeBytes(guid);
        byte[] expected = Arrays.copyOf(SessionKeys.hmac(suite.auth, sik, h4.toByteArray()), suite.auth.truncated);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(r4, 8, 8 + suite.auth.truncated))) {
            throw auth("RAKP message 4", "sent a RAKP 4 check value that does not match the session key (not the BMC it claims to be?)");
        }
        session.established(bmcSessionId, new SessionKeys(suite, sik));
        Arrays.fill(sik, (byte) 0);
    }

    private void rakp3Failed(int bmcSessionId) {
        ByteArrayOutputStream m3 = new ByteArrayOutputStream();
        m3.write(3);
        m3.write(0x0f); // invalid integrity check value
        m3.write(0); m3.write(0);
        Rmcp.le32(m3, bmcSessionId);
        try {
            session.sendOnce(Rmcp.v20(Rmcp.RAKP3, 0, 0, m3.toByteArray(), null));
        } catch (RuntimeException ignored) {
            // telling the BMC is a courtesy; the failure is reported either way
        }
    }

    private void privilege() {
        IpmiMessage r = session.request("Set Session Privilege Level", IpmiSession.NETFN_APP, 0x3b,
                new byte[] {(byte) config.privilege().level});
        if (r.completion() != 0) {
            throw auth("Set Session Privilege Level", "refused " + config.privilege().name().toLowerCase() + " privilege for the user '"
                    + config.username() + "': " + CompletionCode.describe(r.completion())
                    + (config.privilege() == IpmiConfig.Privilege.ADMINISTRATOR ? "; try ?privilege=operator" : ""));
        }
    }

    private byte[] passwordBytes() {
        char[] password = config.password();
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        Arrays.fill(password, '\0');
        byte[] key = new byte[b.remaining()];
        b.get(key);
        if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
        return key;
    }

    private ConnectorException auth(String phase, String what) {
        return new ConnectorException(Kind.AUTHENTICATION, config.endpoint(), IpmiSession.PROTOCOL, phase, where + " " + what);
    }

    private ConnectorException refused(String phase, String what) {
        return new ConnectorException(Kind.AUTHENTICATION, config.endpoint(), IpmiSession.PROTOCOL, phase, where + " " + what);
    }

    private ConnectorException malformed(String phase, String what) {
        return new ConnectorException(Kind.PROTOCOL, config.endpoint(), IpmiSession.PROTOCOL, phase, where + " sent " + what
                + " while setting up the session");
    }
}
