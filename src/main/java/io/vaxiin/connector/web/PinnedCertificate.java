package io.vaxiin.connector.web;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.redfish.BmcTrust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The BMC's certificate, checked in Java before the browser sees it, with the project's pin
 * check ({@link BmcTrust}): without a pin it must be one the JDK trusts (for its host name); with
 * a pin, exactly the pinned one. The browser is then told to accept that one key alone
 * ({@code --ignore-certificate-errors-spki-list}), never every certificate.
 */
final class PinnedCertificate {

    private static final int TIMEOUT_MS = 10_000;

    private PinnedCertificate() {}

    /**
     * Checks the BMC's certificate.
     *
     * @return the base64 SHA-256 of the pinned certificate's SubjectPublicKeyInfo, for Chromium; null
     *         without a pin (Chromium then checks the certificate as usual, as the JDK just did)
     * @throws ConnectorException when the certificate is not the pinned one, or not trusted
     */
    static String check(WebConfig config) {
        BmcTrust trust = new BmcTrust(config.pinnedCertificateSha256());
        boolean pinned = config.pinnedCertificateSha256() != null;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(config.host(), config.port()), TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                SSLParameters p = s.getSSLParameters();
                if (!pinned) p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!config.host().matches("[\\d.:]+")) p.setServerNames(List.of(new SNIHostName(config.host())));
                s.setSSLParameters(p);
                s.startHandshake();
                X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
                if (!pinned) return null;
                byte[] spki = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
                return Base64.getEncoder().encodeToString(spki);
            }
        } catch (SSLException e) {
            throw new ConnectorException(Kind.AUTHENTICATION, config.baseUrl(), "web viewer", "TLS",
                    config.describe() + trust.refusal(e, config.host()), e);
        } catch (IOException e) {
            throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "connect",
                    config.describe() + ": cannot connect (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
    }
}
