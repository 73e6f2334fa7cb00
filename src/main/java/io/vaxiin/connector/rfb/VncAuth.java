package io.vaxiin.connector.rfb;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNC Authentication (RFB security type 2): the 16-byte challenge encrypted with DES, keyed with
 * the first 8 bytes of the password, each byte's bits reversed (a quirk of the original VNC code
 * that every server follows).
 */
public final class VncAuth {

    private VncAuth() {
    }

    /** The 16-byte response to {@code challenge} for {@code password}. */
    public static byte[] response(byte[] challenge, char[] password) {
        if (challenge.length != 16) throw new IllegalArgumentException("a VNC challenge has 16 bytes");
        byte[] key = new byte[8];
        try {
            for (int i = 0; i < Math.min(8, password.length); i++) {
                key[i] = (byte) (Integer.reverse(password[i] & 0xff) >>> 24);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no DES cipher", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
