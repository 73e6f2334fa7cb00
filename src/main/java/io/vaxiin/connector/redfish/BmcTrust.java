package io.vaxiin.connector.redfish;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.OkHttpClient;

/**
 * Decides whether a BMC's certificate is trusted: by the JDK's trust store (the default), or,
 * when a fingerprint is pinned, by that fingerprint alone. It remembers the fingerprint of the
 * last certificate it saw so a refusal can tell the user what to pin. Every HTTPS client of a
 * BMC (Redfish, the screenshot APIs) trusts through one of these, one per connection.
 */
public final class BmcTrust extends X509ExtendedTrustManager {

    private final String pinned;
    private final X509ExtendedTrustManager system;
    private volatile String lastSeen;

    /**
     * @param pinnedSha256 the certificate's SHA-256 as {@link #fingerprint} writes it, or null to
     *                     trust what the JDK's trust store trusts
     */
    public BmcTrust(String pinnedSha256) {
        this.pinned = pinnedSha256 == null ? null : fingerprint(pinnedSha256);
        this.system = pinnedSha256 == null ? systemTrust() : null;
    }

    /**
     * A SHA-256 certificate fingerprint as this class compares them ({@code AB:CD:…}, upper case),
     * from any of the ways people write one (colons and case optional).
     *
     * @throws IllegalArgumentException with a sentence when it is not 32 bytes in hex
     */
    public static String fingerprint(String text) {
        String hex = text.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("a SHA-256 certificate fingerprint is 32 bytes in hex (AB:CD:…), not '" + text + "'");
        }
        return RedfishConfig.colons(hex);
    }

    /**
     * Makes the client trust BMCs as this trust manager does: its TLS context, and, with a pin,
     * no host-name check (the pin names the certificate itself; BMC certificates rarely carry the
     * address they are reached at).
     */
    public OkHttpClient.Builder install(OkHttpClient.Builder b) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {this}, null);
            b.sslSocketFactory(tls.getSocketFactory(), this);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
        if (isPinned()) b.hostnameVerifier((h, session) -> true);
        return b;
    }

    /**
     * Why the handshake failed, as the rest of a sentence that starts with the BMC's name
     * (" presented a certificate this machine does not trust (SHA-256 …); …"): with the
     * fingerprint it presented, and how to trust it when it is the BMC's own.
     */
    public String refusal(SSLException e, String host) {
        String seen = lastSeen;
        if (e instanceof SSLPeerUnverifiedException && seen != null) {
            return " presented a trusted certificate that is not made out to '" + host + "' (SHA-256 " + seen
                    + "); if it is this BMC's own, trust it with tlsFingerprint: \"" + seen + "\" for this server in the inventory";
        }
        if (isPinned() && seen != null && !seen.equals(pinned)) {
            return " presented a certificate with SHA-256 " + seen + ", not the pinned " + pinned;
        }
        if (seen != null) {
            return " presented a certificate this machine does not trust (SHA-256 " + seen
                    + "); if it is this BMC's own, trust it with tlsFingerprint: \"" + seen + "\" for this server in the inventory";
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("PKIX") || m.contains("certification path")
                ? " presented a certificate no authority this machine trusts signed (self-signed or a private CA);"
                  + " if it is this BMC's own, trust it with tlsFingerprint: in the inventory"
                : " failed the TLS handshake (" + m.replaceFirst("^[\\w.]+Exception: ", "") + ")";
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
