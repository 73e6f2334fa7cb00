package io.vaxiin.connector.redfish;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether a BMC's certificate is trusted: by the JDK's trust store (the default), or,
 * when a fingerprint is pinned, by that fingerprint alone. It remembers the fingerprint of the
 * last certificate it saw so a refusal can tell the user what to pin.
 */
final class BmcTrust extends X509ExtendedTrustManager {

    private final String pinned;
    private final X509ExtendedTrustManager system;
    private volatile String lastSeen;

    BmcTrust(String pinnedSha256) {
        this.pinned = pinnedSha256;
        this.system = pinnedSha256 == null ? systemTrust() : null;
    }

    private static X509ExtendedTrustManager systemTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) return x;
            }
            throw new IllegalStateException("the JDK offers no X509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's trust store", e);
        }
    }

    /** True when a fingerprint is pinned (host names are then not checked). */
    boolean isPinned() {
        return pinned != null;
    }

    String pinned() {
        return pinned;
    }

    /** SHA-256 of the last certificate the BMC presented, as {@code AB:CD:…}, or null. */
    String lastSeen() {
        return lastSeen;
    }

    static String sha256(X509Certificate cert) throws CertificateException {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return RedfishConfig.colons(HexFormat.of().withUpperCase().formatHex(d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException("no SHA-256 in this JDK", e);
        }
    }

    private void check(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine)
            throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the BMC presented no certificate");
        String seen = sha256(chain[0]);
        lastSeen = seen;
        if (pinned != null) {
            if (!pinned.equals(seen)) throw new CertificateException("certificate does not match the pinned fingerprint");
            // Expiry is not checked on purpose: BMC certificates are often expired, and the pin is what we trust.
            return;
        }
        if (socket != null) system.checkServerTrusted(chain, authType, socket);
        else if (engine != null) system.checkServerTrusted(chain, authType, engine);
        else system.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, null, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, socket, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, null, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a Redfish client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system != null ? system.getAcceptedIssuers() : new X509Certificate[0];
    }
}
