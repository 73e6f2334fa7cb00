package io.vaxiin.connector.ipmi;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The RMCP+ cipher suites this client speaks (IPMI v2.0, table 22-20): how the session is
 * authenticated (RAKP), how each packet is signed, and whether it is encrypted. Suite 3
 * (HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128) is what every BMC offers and the default; 17 is its
 * SHA-256 sibling. Suite 0 (no authentication at all) and the MD5 suites are not offered: they
 * would let anyone on the management network drive the server.
 */
public enum CipherSuite {
    SUITE_1(1, Hmac.SHA1, Hmac.NONE, false),
    SUITE_2(2, Hmac.SHA1, Hmac.SHA1, false),
    SUITE_3(3, Hmac.SHA1, Hmac.SHA1, true),
    SUITE_15(15, Hmac.SHA256, Hmac.NONE, false),
    SUITE_16(16, Hmac.SHA256, Hmac.SHA256, false),
    SUITE_17(17, Hmac.SHA256, Hmac.SHA256, true);

    /** An HMAC as RMCP+ uses it: the algorithm, its full length and the length of its truncated form. */
    enum Hmac {
        NONE(null, 0, 0, 0, 0),
        SHA1("HmacSHA1", 20, 12, 0x01, 0x01),
        SHA256("HmacSHA256", 32, 16, 0x03, 0x04);

        final String jca;
        /** Length of the full HMAC (RAKP 2 and 3 codes, the session key). */
        final int length;
        /** Length of the truncated HMAC (RAKP 4's check value, each packet's integrity code). */
        final int truncated;
        /** The number of the RAKP authentication algorithm with this HMAC. */
        final int authAlgorithm;
        /** The number of the integrity algorithm with this HMAC. */
        final int integrityAlgorithm;

        Hmac(String jca, int length, int truncated, int authAlgorithm, int integrityAlgorithm) {
            this.jca = jca;
            this.length = length;
            this.truncated = truncated;
            this.authAlgorithm = authAlgorithm;
            this.integrityAlgorithm = integrityAlgorithm;
        }
    }

    final int id;
    final Hmac auth;
    final Hmac integrity;
    final boolean encrypted;

    CipherSuite(int id, Hmac auth, Hmac integrity, boolean encrypted) {
        this.id = id;
        this.auth = auth;
        this.integrity = integrity;
        this.encrypted = encrypted;
    }

    /** The suite's number, as ipmitool's {@code -C} takes it. */
    public int id() { return id; }

    /** The number of its RAKP authentication algorithm (Open Session's authentication payload): 1 HMAC-SHA1, 3 HMAC-SHA256. */
    public int authAlgorithm() { return auth.authAlgorithm; }

    /** The number of its integrity algorithm: 0 none, 1 HMAC-SHA1-96, 4 HMAC-SHA256-128. */
    public int integrityAlgorithm() { return integrity == Hmac.NONE ? 0 : integrity.integrityAlgorithm; }

    /** The number of its confidentiality algorithm: 0 none, 1 AES-CBC-128. */
    public int confidentialityAlgorithm() { return encrypted ? 1 : 0; }

    /** True when every packet of a session is signed. */
    public boolean signs() { return integrity != Hmac.NONE; }

    /** True when every payload of a session is encrypted. */
    public boolean encrypts() { return encrypted; }

    /** The suite made of these three algorithms (as Open Session names them), if it is one of these. */
    public static Optional<CipherSuite> byAlgorithms(int auth, int integrity, int confidentiality) {
        return Arrays.stream(values()).filter(s -> s.authAlgorithm() == auth && s.integrityAlgorithm() == integrity
                && s.confidentialityAlgorithm() == confidentiality).findFirst();
    }

    /** The suite with this number, if this client speaks it. */
    public static Optional<CipherSuite> byId(int id) {
        return Arrays.stream(values()).filter(s -> s.id == id).findFirst();
    }

    /** The numbers of the suites this client speaks: "1, 2, 3, 15, 16, 17". */
    public static String ids() {
        return Arrays.stream(values()).map(s -> String.valueOf(s.id)).collect(Collectors.joining(", "));
    }

    /** "RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128", for messages. */
    public String algorithms() {
        String a = auth == Hmac.SHA1 ? "RAKP-HMAC-SHA1" : "RAKP-HMAC-SHA256";
        String i = integrity == Hmac.NONE ? "no integrity" : integrity == Hmac.SHA1 ? "HMAC-SHA1-96" : "HMAC-SHA256-128";
        return a + ", " + i + ", " + (encrypted ? "AES-CBC-128" : "no encryption");
    }
}
