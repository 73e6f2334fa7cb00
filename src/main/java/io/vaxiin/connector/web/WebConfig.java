package io.vaxiin.connector.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link WebConsole} needs: the BMC's web address, the credentials, the viewer profile,
 * the pinned certificate, and where a failure's screenshot goes. Immutable; built with
 * {@link #fromUri} ({@code web+https://[USER[:PASSWORD]@]HOST[:PORT]}) or {@link #builder}.
 * The password is held but never shown.
 */
public final class WebConfig {

    private final String scheme;
    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final ViewerProfile profile;
    private final String pinnedCertificateSha256;
    private final Path evidence;
    private final int maxReconnects;
    private final Consumer<String> log;

    private WebConfig(Builder b) {
        this.scheme = b.scheme;
        this.host = b.host;
        this.port = b.port > 0 ? b.port : b.scheme.equals("https") ? 443 : 80;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.profile = Objects.requireNonNull(b.profile, "a viewer profile");
        this.pinnedCertificateSha256 = b.pinnedCertificateSha256;
        this.evidence = b.evidence;
        this.maxReconnects = b.maxReconnects;
        this.log = b.log;
    }

    public static Builder builder(String scheme, String host, int port) {
        Builder b = new Builder();
        b.scheme = scheme;
        b.host = host;
        b.port = port;
        return b;
    }

    /**
     * Reads {@code web+https://[USER[:PASSWORD]@]HOST[:PORT]} (or {@code web+http://}); the path,
     * if any, is ignored: the profile's {@code open} steps name the pages.
     *
     * @throws IllegalArgumentException with a sentence (that never shows the password)
     */
    public static Builder fromUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String scheme = switch (s) {
            case "web+https" -> "https";
            case "web+http" -> "http";
            default -> throw new IllegalArgumentException("a web-viewer console starts with web+https:// or web+http://");
        };
        if (uri.getHost() == null) throw new IllegalArgumentException("a web-viewer console names its host: web+https://HOST[:PORT]");
        Builder b = builder(scheme, uri.getHost(), uri.getPort());
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            b.username = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            if (colon >= 0) b.password = URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8).toCharArray();
        }
        return b;
    }

    /** {@code https://10.0.0.5} (no credentials), the base the profile's paths are opened on. */
    public String baseUrl() {
        boolean usual = port == (scheme.equals("https") ? 443 : 80);
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + (usual ? "" : ":" + port);
    }

    public String scheme() { return scheme; }
    public String host() { return host; }
    public int port() { return port; }
    public String username() { return username; }
    public ViewerProfile profile() { return profile; }
    public String pinnedCertificateSha256() { return pinnedCertificateSha256; }
    /** The run folder a failure's screenshot goes to, or null (a temp folder). */
    public Path evidence() { return evidence; }
    /** How many times a dropped viewer is opened again over the console's life. */
    public int maxReconnects() { return maxReconnects; }
    Consumer<String> log() { return log; }

    /** A copy of the password, which the caller clears; null when there is none. */
    char[] password() {
        return password == null ? null : password.clone();
    }

    /** "web viewer at https://10.0.0.5 (idrac9)". */
    public String describe() {
        return "web viewer at " + baseUrl() + " (" + profile.name() + ")";
    }

    @Override
    public String toString() {
        return "WebConfig{" + baseUrl() + ", " + profile.name() + ", user " + username + ", password " + (password == null ? "none" : "****") + "}";
    }

    public static final class Builder {
        private String scheme;
        private String host;
        private int port;
        private String username;
        private char[] password;
        private ViewerProfile profile;
        private String pinnedCertificateSha256;
        private Path evidence;
        private int maxReconnects = 3;
        private Consumer<String> log = m -> { };

        private Builder() {}

        public boolean hasUsername() { return username != null; }
        public boolean hasPassword() { return password != null; }

        public Builder credentials(String username, char[] password) {
            this.username = username;
            return password(password);
        }

        public Builder password(char[] password) {
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = password == null ? null : password.clone();
            return this;
        }

        public Builder profile(ViewerProfile profile) {
            this.profile = profile;
            return this;
        }

        /** The SHA-256 of the BMC's certificate (any of the usual spellings), trusted although self-signed. */
        public Builder pinnedCertificateSha256(String sha256) {
            this.pinnedCertificateSha256 = sha256 == null ? null : io.vaxiin.connector.redfish.BmcTrust.fingerprint(sha256);
            return this;
        }

        public Builder evidence(Path runFolder) {
            this.evidence = runFolder;
            return this;
        }

        public Builder maxReconnects(int n) {
            if (n < 0) throw new IllegalArgumentException("maxReconnects must be 0 or more");
            this.maxReconnects = n;
            return this;
        }

        /** Where the profile's steps and the console's events are told (never a secret). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        public WebConfig build() {
            WebConfig c = new WebConfig(this);
            return c;
        }
    }
}
