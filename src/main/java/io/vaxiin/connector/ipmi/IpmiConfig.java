package io.vaxiin.connector.ipmi;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one BMC over IPMI v2.0 (RMCP+, "lanplus"): where, as whom, with which cipher
 * suite, and how patiently. Immutable; made with {@link #builder} or {@link #fromUri}.
 *
 * <p>UDP loses packets, so every request is sent again when no answer came: the first wait is
 * {@link #requestTimeout()} (default 1 second) and each retry waits one more of it, for
 * {@link #retries()} retries (default 3): a BMC that never answers is given up on after
 * 1 + 2 + 3 + 4 = 10 seconds.
 */
public final class IpmiConfig {

    /** The privilege the session asks for; power and boot need at least operator. */
    public enum Privilege {
        USER(2), OPERATOR(3), ADMINISTRATOR(4);

        final int level;

        Privilege(int level) { this.level = level; }
    }

    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final CipherSuite cipherSuite;
    private final Privilege privilege;
    private final Duration requestTimeout;
    private final int retries;

    private IpmiConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.password = b.password == null ? new char[0] : b.password.clone();
        this.cipherSuite = b.cipherSuite;
        this.privilege = b.privilege;
        this.requestTimeout = b.requestTimeout;
        this.retries = b.retries;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Reads {@code ipmi://[USER[:PASSWORD]@]HOST[:PORT][?cipher=N&privilege=operator]}; {@code sol://}
     * is read the same way (serial-over-LAN uses the same session). The port defaults to 623, the
     * user to "" (the anonymous user some BMCs have), the cipher suite to 3.
     *
     * @throws IllegalArgumentException with a sentence when the URI is not one
     */
    public static Builder fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("ipmi://") && !lower.startsWith("sol://")) {
            throw new IllegalArgumentException("an IPMI URI starts with ipmi:// or sol://");
        }
        String scheme = lower.substring(0, lower.indexOf(':'));
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid " + scheme + ":// URI (at character " + e.getIndex() + ")");
        }
        if (parsed.getHost() == null) throw new IllegalArgumentException("a " + scheme + ":// URI needs a host");
        if (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() && !parsed.getRawPath().equals("/")) {
            throw new IllegalArgumentException("a " + scheme + ":// URI has no path (" + parsed.getRawPath() + ")");
        }
        Builder b = builder(parsed.getHost(), parsed.getPort() < 0 ? 623 : parsed.getPort());
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            b.username(URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8));
            if (colon >= 0) b.password(URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8).toCharArray());
        }
        String query = parsed.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case "cipher" -> b.cipherSuite(suite(value));
                    case "privilege" -> b.privilege(privilege(value));
                    default -> throw new IllegalArgumentException("a " + scheme + ":// URI does not know '" + key
                            + "' (cipher=N, privilege=operator|administrator)");
                }
            }
        }
        return b;
    }

    private static CipherSuite suite(String value) {
        int id;
        try {
            id = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cipher=" + value + " is not a cipher suite number (" + CipherSuite.ids() + ")");
        }
        return CipherSuite.byId(id).orElseThrow(() -> new IllegalArgumentException("cipher suite " + id
                + (id == 0 ? " has no authentication, so Vaxiin does not use it" : " is not one this client speaks")
                + " (" + CipherSuite.ids() + ")"));
    }

    private static Privilege privilege(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "user" -> Privilege.USER;
            case "operator" -> Privilege.OPERATOR;
            case "admin", "administrator" -> Privilege.ADMINISTRATOR;
            default -> throw new IllegalArgumentException("privilege=" + value + " is not one of user, operator, administrator");
        };
    }

    public String host() { return host; }
    public int port() { return port; }
    public String username() { return username; }
    /** A copy of the password; clear it after use. */
    public char[] password() { return password.clone(); }
    public CipherSuite cipherSuite() { return cipherSuite; }
    public Privilege privilege() { return privilege; }
    public Duration requestTimeout() { return requestTimeout; }
    public int retries() { return retries; }

    /** "127.0.0.1:623". */
    public String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The longest one request may take with every retry. */
    public Duration giveUpAfter() {
        long units = (long) (retries + 1) * (retries + 2) / 2;
        return requestTimeout.multipliedBy(units);
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder newBuilder() {
        Builder b = new Builder(host, port);
        b.username = username;
        b.password = password.clone();
        b.cipherSuite = cipherSuite;
        b.privilege = privilege;
        b.requestTimeout = requestTimeout;
        b.retries = retries;
        return b;
    }

    @Override
    public String toString() {
        return "IpmiConfig{" + endpoint() + ", user '" + username + "', cipher suite " + cipherSuite.id + ", " + privilege + "}";
    }

    /** Builder of {@link IpmiConfig}. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String username = "";
        private char[] password;
        private CipherSuite cipherSuite = CipherSuite.SUITE_3;
        private Privilege privilege = Privilege.ADMINISTRATOR;
        private Duration requestTimeout = Duration.ofSeconds(1);
        private int retries = 3;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not a UDP port");
            this.port = port;
        }

        /** The BMC user (at most 16 bytes). */
        public Builder username(String username) {
            if (username.getBytes(StandardCharsets.UTF_8).length > 16) {
                throw new IllegalArgumentException("an IPMI user name has at most 16 bytes");
            }
            this.username = username;
            return this;
        }

        /** The user's password (at most 20 bytes); copied, so the caller can clear its array. */
        public Builder password(char[] password) {
            if (new String(password).getBytes(StandardCharsets.UTF_8).length > 20) {
                throw new IllegalArgumentException("an IPMI v2.0 password has at most 20 bytes");
            }
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = password.clone();
            return this;
        }

        /** The cipher suite; default 3. */
        public Builder cipherSuite(CipherSuite suite) { this.cipherSuite = Objects.requireNonNull(suite); return this; }

        /** The privilege asked for; default administrator. */
        public Builder privilege(Privilege privilege) { this.privilege = Objects.requireNonNull(privilege); return this; }

        /** The first wait for an answer; each retry waits one more of it. Default 1 second. */
        public Builder requestTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("the request timeout must be positive");
            this.requestTimeout = d;
            return this;
        }

        /** How many times a request is sent again when no answer came; default 3. */
        public Builder retries(int n) {
            if (n < 0 || n > 10) throw new IllegalArgumentException("retries must be 0 to 10");
            this.retries = n;
            return this;
        }

        public IpmiConfig build() {
            return new IpmiConfig(this);
        }
    }
}
