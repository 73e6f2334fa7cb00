package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.redfish.BmcTrust;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a BMC's screenshot API is, which one it is and how often to poll it. Immutable; made with
 * {@link #builder()} or {@link #fromUri(String)}. The password is held but never shown.
 *
 * <pre>{@code
 * ScreenshotConfig config = ScreenshotConfig.fromUri("screenshot+https://root@10.0.0.5?api=dell-export&every=5s")
 *         .credentials("root", password)
 *         .build();
 * }</pre>
 */
public final class ScreenshotConfig {

    /**
     * The poll interval when the URI gives none: 5 seconds, the {@code interval:} every shipped
     * profile gives its screenshot path ({@code lib/vendors/dell-idrac9.yaml}, {@code supermicro.yaml},
     * {@code hpe-ilo5.yaml}; {@code ScreenshotApiSpec} checks they agree). A BMC renders each
     * screenshot on its own small CPU: polling faster slows the BMC, not the recovery.
     */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** The URI's query keys. */
    static final java.util.List<String> KEYS = java.util.List.of("api", "every", "timeout", "wait");

    private final ScreenshotApi api;
    private final String scheme;
    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final String pinnedCertificateSha256;
    private final Duration interval;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration previewWait;
    private final Consumer<String> listener;

    private ScreenshotConfig(Builder b) {
        this.api = b.api;
        this.scheme = b.scheme;
        this.host = b.host;
        this.port = b.port > 0 ? b.port : (b.scheme.equals("https") ? 443 : 80);
        this.username = b.username;
        this.password = b.password.clone();
        this.pinnedCertificateSha256 = b.pinnedCertificateSha256;
        this.interval = b.interval;
        this.connectTimeout = b.connectTimeout.compareTo(b.requestTimeout) < 0 ? b.connectTimeout : b.requestTimeout;
        this.requestTimeout = b.requestTimeout;
        this.previewWait = b.previewWait;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code screenshot+https://[USER[:PASS]@]HOST[:PORT]?api=dell-export|supermicro-preview|ilo-thumbnail[&every=5s][&timeout=20s][&wait=2s]}
     * ({@code screenshot+http://} for plain HTTP) into a builder.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and what is allowed
     */
    public static Builder fromUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // The text may hold a password: say where it is wrong, not what it is.
            throw new IllegalArgumentException("not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        Builder b = new Builder();
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (s) {
            case "screenshot+https" -> b.scheme = "https";
            case "screenshot+http" -> b.scheme = "http";
            default -> throw new IllegalArgumentException("a screenshot console starts with screenshot+https:// or screenshot+http://");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in the screenshot URI");
        b.host(uri.getHost());
        if (uri.getPort() > 0) b.port(uri.getPort());
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            if (colon < 0) {
                b.username = user;
            } else {
                b.credentials(user, URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8).toCharArray());
            }
        }
        Map<String, String> query = query(uri.getRawQuery());
        for (String key : query.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a setting of a screenshot URI (settings: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        if (!query.containsKey("api")) {
            throw new IllegalArgumentException("a screenshot URI names its API: ?api=" + ScreenshotApi.names());
        }
        b.api(ScreenshotApi.of(query.get("api")));
        if (query.containsKey("every")) b.interval(duration("every", query.get("every")));
        if (query.containsKey("timeout")) b.requestTimeout(duration("timeout", query.get("timeout")));
        if (query.containsKey("wait")) b.previewWait(duration("wait", query.get("wait")));
        return b;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m)");

    /** "5s", "500ms", "1m". */
    static Duration duration(String key, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + text + " is not a duration: write it as 500ms, 5s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    public ScreenshotApi api() { return api; }

    /** {@code https} (default) or {@code http}. */
    public String scheme() { return scheme; }

    public String host() { return host; }

    /** 443 for https and 80 for http unless set. */
    public int port() { return port; }

    /** The user name; not a secret. */
    public String username() { return username; }

    /** The password, a copy; package-private so it never leaves the connector. */
    char[] password() { return password.clone(); }

    /** The pinned SHA-256 fingerprint of the BMC's certificate, or null. */
    public String pinnedCertificateSha256() { return pinnedCertificateSha256; }

    /** How long after one screenshot arrived the next is asked for. */
    public Duration interval() { return interval; }

    public Duration connectTimeout() { return connectTimeout; }

    /** The longest one HTTP call may take, from connecting to the last byte of the answer. */
    public Duration requestTimeout() { return requestTimeout; }

    /** Supermicro: how long the BMC is given to store the preview it was asked for before it is fetched. */
    public Duration previewWait() { return previewWait; }

    /** Where warnings go (a poll that failed, the signal lost and back); never sees a secret. */
    Consumer<String> listener() { return listener; }

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
        return "ScreenshotConfig{" + api.id + " at " + baseUrl() + ", user '" + username + "', password ***"
                + (pinnedCertificateSha256 != null ? ", pinned " + pinnedCertificateSha256 : "")
                + ", every " + interval + ", requestTimeout " + requestTimeout + "}";
    }

    /** Builds a {@link ScreenshotConfig}; the API, the host and the credentials are required. */
    public static final class Builder {
        private ScreenshotApi api;
        private String scheme = "https";
        private String host;
        private int port = -1;
        private String username;
        private char[] password;
        private String pinnedCertificateSha256;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private Duration previewWait = Duration.ofSeconds(2);
        private Consumer<String> listener = message -> { };

        private Builder() {}

        public Builder api(ScreenshotApi api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        public Builder host(String host) {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("no host given");
            this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        /** Plain HTTP instead of HTTPS (a test's own server, a lab BMC behind a tunnel). */
        public Builder plainHttp() {
            this.scheme = "http";
            return this;
        }

        /** True when the URI (or a call) gave a user name. */
        public boolean hasUsername() { return username != null; }

        /** True when the URI (or a call) gave a password. */
        public boolean hasPassword() { return password != null; }

        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** The password for the user the URI named. */
        public Builder password(char[] password) {
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** Trusts exactly the certificate with this SHA-256 fingerprint, for this one BMC (see {@link BmcTrust}). */
        public Builder pinnedCertificateSha256(String fingerprint) {
            this.pinnedCertificateSha256 = fingerprint == null ? null : BmcTrust.fingerprint(fingerprint);
            return this;
        }

        /** How often to take a screenshot; default {@link #DEFAULT_INTERVAL}, at least 100 ms. */
        public Builder interval(Duration interval) {
            if (interval == null || interval.toMillis() < 100) {
                throw new IllegalArgumentException("every=" + (interval == null ? "" : interval.toMillis() + "ms")
                        + " is too often: a screenshot API is polled at most every 100ms (the profiles say 5s)");
            }
            this.interval = interval;
            return this;
        }

        /** Default 5 seconds (never more than the request timeout). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The longest one HTTP call may take in all; default 20 seconds. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "timeout");
            return this;
        }

        /** Supermicro: the pause between asking for a preview and fetching it; default 2 seconds (bmclib's). */
        public Builder previewWait(Duration wait) {
            if (wait == null || wait.isNegative()) throw new IllegalArgumentException("wait must not be negative");
            this.previewWait = wait;
            return this;
        }

        /** Where warnings go; they never hold a secret. */
        public Builder listener(Consumer<String> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ScreenshotConfig build() {
            if (api == null) throw new IllegalStateException("no screenshot API given (api())");
            if (host == null) throw new IllegalStateException("no host given (host())");
            if (username == null || password == null) throw new IllegalStateException("no credentials given (credentials())");
            return new ScreenshotConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }
}
