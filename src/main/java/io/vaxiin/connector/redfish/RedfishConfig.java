package io.vaxiin.connector.redfish;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a Redfish service is and how to talk to it. Immutable; made with {@link #builder()}.
 * The password is held but never shown: {@link #toString()} prints {@code ***} in its place.
 *
 * <pre>{@code
 * RedfishConfig config = RedfishConfig.builder()
 *         .url("https://10.0.0.5")
 *         .credentials("admin", password)
 *         .pinnedCertificateSha256("AB:CD:...")   // only for a BMC with a self-signed certificate
 *         .build();
 * }</pre>
 */
public final class RedfishConfig {

    private final String scheme;
    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final String pinnedCertificateSha256;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration verifyInterval;
    private final boolean sessions;

    private RedfishConfig(Builder b) {
        this.scheme = b.scheme;
        this.host = b.host;
        this.port = b.port > 0 ? b.port : (b.scheme.equals("https") ? 443 : 80);
        this.username = b.username;
        this.password = b.password.clone();
        this.pinnedCertificateSha256 = b.pinnedCertificateSha256;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.verifyInterval = b.verifyInterval;
        this.sessions = b.sessions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with this config's values. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.scheme = scheme;
        b.host = host;
        b.port = port;
        b.username = username;
        b.password = password.clone();
        b.pinnedCertificateSha256 = pinnedCertificateSha256;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.verifyInterval = verifyInterval;
        b.sessions = sessions;
        return b;
    }

    /** {@code https} (default) or {@code http}. */
    public String scheme() { return scheme; }

    public String host() { return host; }

    /** The port; 443 for https and 80 for http unless set. */
    public int port() { return port; }

    /** The user name; not a secret, it appears in messages. */
    public String username() { return username; }

    /** The password, a copy; package-private so it never leaves the connector. */
    char[] password() { return password.clone(); }

    /** The pinned SHA-256 fingerprint of the BMC's certificate as {@code AB:CD:…}, or null. */
    public String pinnedCertificateSha256() { return pinnedCertificateSha256; }

    public Duration connectTimeout() { return connectTimeout; }

    /** The longest any one HTTP call may take, from connecting to the last byte of the answer. */
    public Duration requestTimeout() { return requestTimeout; }

    /** How often the state is read back while verifying an action. */
    public Duration verifyInterval() { return verifyInterval; }

    /** True when the client tries a Redfish session before falling back to HTTP Basic. */
    public boolean sessions() { return sessions; }

    /** {@code host:port}, as messages name the BMC. */
    public String endpoint() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** {@code https://host:port}, without credentials. */
    public String baseUrl() {
        return scheme + "://" + endpoint();
    }

    @Override
    public String toString() {
        return "RedfishConfig{" + baseUrl() + ", user '" + username + "', password ***"
                + (pinnedCertificateSha256 != null ? ", pinned " + pinnedCertificateSha256 : "")
                + ", connectTimeout " + connectTimeout + ", requestTimeout " + requestTimeout
                + ", verifyInterval " + verifyInterval + (sessions ? "" : ", basic auth only") + "}";
    }

    /** Builds a {@link RedfishConfig}; {@link #url} (or {@link #host}) and {@link #credentials} are required. */
    public static final class Builder {
        private String scheme = "https";
        private String host;
        private int port = -1;
        private String username;
        private char[] password;
        private String pinnedCertificateSha256;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration verifyInterval = Duration.ofSeconds(1);
        private boolean sessions = true;

        private Builder() {}

        /**
         * The BMC as {@code https://HOST[:PORT]} or {@code http://HOST[:PORT]}; a path, if any, is
         * ignored (the service root is always {@code /redfish/v1/}).
         */
        public Builder url(String url) {
            URI uri = parse(url);
            String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!s.equals("https") && !s.equals("http")) {
                throw new IllegalArgumentException("a Redfish URL starts with https:// or http://, not '" + url + "'");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("put the credentials in credentials(), not in the URL");
            }
            scheme = s;
            host(uri.getHost());
            port = uri.getPort();
            return this;
        }

        /**
         * The BMC as the inventory writes it: {@code redfish://[USER:PASS@]HOST[:PORT]} (HTTPS) or
         * {@code redfish+http://…} (plain HTTP). Credentials in the URI are taken as if given to
         * {@link #credentials}.
         */
        public Builder uri(String redfishUri) {
            URI uri = parse(redfishUri);
            String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            switch (s) {
                case "redfish", "redfish+https" -> scheme = "https";
                case "redfish+http" -> scheme = "http";
                default -> throw new IllegalArgumentException(
                        "a Redfish target starts with redfish:// or redfish+http://, not '" + s + "://'");
            }
            host(uri.getHost());
            port = uri.getPort();
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
                String pass = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
                credentials(user, pass.toCharArray());
            }
            return this;
        }

        private static URI parse(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null) throw new IllegalArgumentException("no host in the Redfish address");
                return uri;
            } catch (java.net.URISyntaxException e) {
                // The input may hold a password: say where it is wrong, not what it is.
                throw new IllegalArgumentException("not a valid Redfish address (" + e.getReason() + " at index " + e.getIndex() + ")");
            }
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("no host given");
            this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return this;
        }

        /** The port; default 443 for https, 80 for http. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        /** Plain HTTP instead of HTTPS (the sandbox, a lab BMC behind a tunnel). */
        public Builder plainHttp() {
            this.scheme = "http";
            return this;
        }

        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        public Builder credentials(String username, String password) {
            return credentials(username, Objects.requireNonNull(password, "password").toCharArray());
        }

        /**
         * Trusts exactly the certificate with this SHA-256 fingerprint (of the DER encoding, as
         * {@code openssl x509 -fingerprint -sha256} prints it), and nothing else, for this one BMC.
         * Host names and expiry dates are not checked then: the pin names the certificate itself,
         * and BMC certificates are often made out to another name and long expired. Colons and
         * case are optional.
         */
        public Builder pinnedCertificateSha256(String fingerprint) {
            if (fingerprint == null) {
                this.pinnedCertificateSha256 = null;
                return this;
            }
            this.pinnedCertificateSha256 = BmcTrust.fingerprint(fingerprint);
            return this;
        }

        /** Default 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The longest one HTTP call may take in all; default 30 seconds. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** How often the state is read back while verifying an action; default 1 second. */
        public Builder verifyInterval(Duration interval) {
            this.verifyInterval = positive(interval, "verifyInterval");
            return this;
        }

        /** False to skip the Redfish session and send HTTP Basic on every request. Default true. */
        public Builder sessions(boolean useSessions) {
            this.sessions = useSessions;
            return this;
        }

        public RedfishConfig build() {
            if (host == null) throw new IllegalStateException("no Redfish host given (url() or host())");
            if (username == null) throw new IllegalStateException("no Redfish credentials given (credentials())");
            return new RedfishConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }

    static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
