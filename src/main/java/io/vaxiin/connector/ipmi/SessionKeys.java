package io.vaxiin.connector.ipmi;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keys of one RMCP+ session, derived from the session integrity key (SIK) that RAKP
 * agreed on: K1 signs every packet, the first 16 bytes of K2 encrypt it (IPMI v2.0, 13.28–13.29).
 * Also the HMAC and AES operations the handshake and the packet codec need, and, for the BMC side
 * of RAKP (the sandbox's), {@link #authCode} and {@link #checkValue}.
 */
public final class SessionKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    final CipherSuite suite;
    private final byte[] k1;
    private final byte[] k2;

    /** The keys of a session with {@code suite} whose session integrity key RAKP made {@code sik}; the caller may clear {@code sik} afterwards. */
    public SessionKeys(CipherSuite suite, byte[] sik) {
        this.suite = suite;
        byte[] c1 = new byte[20];
        byte[] c2 = new byte[20];
        Arrays.fill(c1, (byte) 1);
        Arrays.fill(c2, (byte) 2);
        this.k1 = hmac(suite.auth, sik, c1);
        this.k2 = hmac(suite.auth, sik, c2);
    }

    /** The integrity code of {@code data[off, off+len)}: HMAC with K1, truncated; empty when the suite signs nothing. */
    byte[] integrity(byte[] data, int off, int len) {
        if (!suite.signs()) return new byte[0];
        return Arrays.copyOf(hmac(suite.integrity, k1, data, off, len), suite.integrity.truncated);
    }

    /** True when {@code code} is the integrity code of the data, compared in constant time. */
    boolean verify(byte[] data, int off, int len, byte[] code) {
        return MessageDigest.isEqual(integrity(data, off, len), code);
    }

    /** The payload encrypted as AES-CBC-128 with K2: a random IV, then the ciphertext of payload + pad 1, 2, … + pad length. */
    byte[] encrypt(byte[] payload) {
        int pad = (16 - (payload.length + 1) % 16) % 16;
        byte[] plain = Arrays.copyOf(payload, payload.length + pad + 1);
        for (int i = 0; i < pad; i++) plain[payload.length + i] = (byte) (i + 1);
        plain[plain.length - 1] = (byte) pad;
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k2, 0, 16, "AES"), new IvParameterSpec(iv));
            byte[] out = new byte[16 + plain.length];
            System.arraycopy(iv, 0, out, 0, 16);
            aes.doFinal(plain, 0, plain.length, out, 16);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC-128 is not available in this JVM", e);
        }
    }

    /**
     * The payload of an encrypted packet, or null when it is not one: too short, not whole blocks,
     * or a pad that is not 1, 2, … (a wrong key or a forged packet).
     */
    byte[] decrypt(byte[] data) {
        if (data.length < 32 || data.length % 16 != 0) return null;
        byte[] plain;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k2, 0, 16, "AES"), new IvParameterSpec(data, 0, 16));
            plain = aes.doFinal(data, 16, data.length - 16);
        } catch (GeneralSecurityException e) {
            return null;
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad > 15 || pad + 1 > plain.length) return null;
        for (int i = 0; i < pad; i++) {
            if ((plain[plain.length - 1 - pad + i] & 0xff) != i + 1) return null;
        }
        return Arrays.copyOf(plain, plain.length - 1 - pad);
    }

    /**
     * The full HMAC of {@code data} with the suite's RAKP algorithm (HMAC-SHA1 or HMAC-SHA256):
     * RAKP 2's and 3's key-exchange codes (keyed with the user's password) and the session
     * integrity key (keyed with the password, or the BMC key K_G where one is set).
     */
    public static byte[] authCode(CipherSuite suite, byte[] key, byte[] data) {
        return hmac(suite.auth, key, data);
    }

    /** RAKP 4's integrity check value: the suite's RAKP HMAC of {@code data} keyed with the session integrity key, truncated (12 or 16 bytes). */
    public static byte[] checkValue(CipherSuite suite, byte[] sik, byte[] data) {
        return Arrays.copyOf(hmac(suite.auth, sik, data), suite.auth.truncated);
    }

    /** {@code n} bytes from a strong random source (the RAKP random numbers). */
    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] hmac(CipherSuite.Hmac alg, byte[] key, byte[] data) {
        return hmac(alg, key, data, 0, data.length);
    }

    static byte[] hmac(CipherSuite.Hmac alg, byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance(alg.jca);
            // An empty key (a user without a password) is an HMAC key of zeros.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg.jca));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.jca + " is not available in this JVM", e);
        }
    }
}
