package io.vaxiin.connector.rfb;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how an {@link RfbConsole} connects. Immutable; made with {@link #builder(String, int)},
 * {@link #webSocket(String)} or {@link #fromUri(String)}, changed with {@link #newBuilder()}.
 * The password and the WebSocket headers are secrets: {@link #toString()} never shows them.
 */
public final class RfbConfig {

    /** How the RFB byte stream travels. */
    public enum Transport {
        /** RFB straight over TCP, as VNC servers and most BMCs serve it (port 5900). */
        TCP,
        /** RFB in binary WebSocket messages, as OpenBMC's {@code /kvm/0} and QEMU's websocket option serve it. */
        WEBSOCKET
    }

    private final String host;
    private final int port;
    private final char[] password;
    private final Transport transport;
    private final URI webSocketUri;
    private final byte[] pinnedSha256;
    private final Map<String, String> webSocketHeaders;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration handshakeTimeout;
    private final ReconnectPolicy reconnect;
    private final List<RfbEncoding> encodings;
    private final int jpegQuality;
    private final ConnectionListener listener;

    private RfbConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.password = b.password == null ? null : b.password.clone();
        this.transport = b.webSocketUri == null ? Transport.TCP : Transport.WEBSOCKET;
        this.webSocketUri = b.webSocketUri;
        this.pinnedSha256 = b.pinnedSha256 == null ? null : b.pinnedSha256.clone();
        this.webSocketHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.webSocketHeaders));
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.reconnect = b.reconnect;
        this.encodings = List.copyOf(b.encodings);
        this.jpegQuality = b.jpegQuality;
        this.listener = b.listener;
    }

    /** A builder for RFB over TCP to {@code host:port}. */
    public static Builder builder(String host, int port) {
        return new Builder().host(host).port(port);
    }

    /** A builder for RFB over WebSocket: {@code ws://host:port/path} or {@code wss://…}. */
    public static Builder webSocket(String url) {
        return new Builder().webSocketUri(url);
    }

    /**
     * A builder from a console URI of the product: {@code vnc://[:PASSWORD@]HOST[:PORT]} (port
     * default 5900), {@code ws://HOST[:PORT]/PATH} or {@code wss://…}.
     *
     * @throws IllegalArgumentException naming what is wrong with the URI (without its password)
     */
    public static Builder fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ws://") || lower.startsWith("wss://")) return webSocket(uri);
        if (!lower.startsWith("vnc://")) {
            throw new IllegalArgumentException("a console URI starts with vnc://, ws:// or wss://");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid vnc:// URI (at character " + e.getIndex() + ")");
        }
        if (parsed.getHost() == null) throw new IllegalArgumentException("a vnc:// URI needs a host");
        Builder b = builder(parsed.getHost(), parsed.getPort() < 0 ? 5900 : parsed.getPort());
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String secret = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            b.password(URLDecoder.decode(secret, StandardCharsets.UTF_8).toCharArray());
        }
        return b;
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.password = password == null ? null : password.clone();
        b.webSocketUri = webSocketUri;
        b.pinnedSha256 = pinnedSha256 == null ? null : pinnedSha256.clone();
        b.webSocketHeaders.putAll(webSocketHeaders);
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.reconnect = reconnect;
        b.encodings = encodings;
        b.jpegQuality = jpegQuality;
        b.listener = listener;
        return b;
    }

    public String host() { return host; }

    public int port() { return port; }

    public Transport transport() { return transport; }

    /** The WebSocket URL, or null for TCP. */
    public URI webSocketUri() { return webSocketUri; }

    public boolean hasPassword() { return password != null; }

    /** A copy of the password for the handshake; the caller wipes it. */
    char[] password() { return password == null ? null : password.clone(); }

    /** The pinned SHA-256 fingerprint of the server's TLS certificate, or null to verify as usual. */
    byte[] pinnedSha256() { return pinnedSha256 == null ? null : pinnedSha256.clone(); }

    Map<String, String> webSocketHeaders() { return webSocketHeaders; }

    public Duration connectTimeout() { return connectTimeout; }

    public Duration readTimeout() { return readTimeout; }

    /** The longest a whole connect may take: connection, handshake, authentication and initialisation. */
    public Duration handshakeTimeout() { return handshakeTimeout; }

    public ReconnectPolicy reconnect() { return reconnect; }

    /** The encodings offered to the server, most preferred first. */
    public List<RfbEncoding> encodings() { return encodings; }

    /** Tight JPEG quality 0–9, or -1 when JPEG is not allowed (lossless frames). */
    public int jpegQuality() { return jpegQuality; }

    public ConnectionListener listener() { return listener; }

    /** Where the console is, for messages: "127.0.0.1:5900" or the WebSocket URL. No secret. */
    public String endpoint() {
        if (webSocketUri == null) return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return webSocketUri.toString();
    }

    @Override
    public String toString() {
        return "RfbConfig{" + endpoint()
                + (password != null ? ", password set" : "")
                + (pinnedSha256 != null ? ", pinned certificate" : "")
                + (webSocketHeaders.isEmpty() ? "" : ", " + webSocketHeaders.size() + " header(s)")
                + ", encodings " + encodings
                + (jpegQuality >= 0 ? ", jpeg quality " + jpegQuality : "")
                + ", connect timeout " + connectTimeout.toMillis() + " ms"
                + ", read timeout " + readTimeout.toMillis() + " ms"
                + ", reconnect " + reconnect.maxAttempts() + "}";
    }

    /** Builds an {@link RfbConfig}. Not thread-safe; every setter returns this builder. */
    public static final class Builder {
        private String host;
        private int port = 5900;
        private char[] password;
        private URI webSocketUri;
        private byte[] pinnedSha256;
        private final Map<String, String> webSocketHeaders = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(10);
        private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
        private List<RfbEncoding> encodings = List.of(RfbEncoding.TIGHT, RfbEncoding.ZRLE, RfbEncoding.COPY_RECT, RfbEncoding.RAW);
        private int jpegQuality = -1;
        private ConnectionListener listener = ConnectionListener.NONE;

        private Builder() {
        }

        /** The server's host name or address (TCP). */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) throw new IllegalArgumentException("host is empty");
            this.host = host;
            return this;
        }

        /** The server's TCP port; default 5900. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            this.port = port;
            return this;
        }

        /**
         * The VNC password (only its first 8 characters count in VNC authentication). The array is
         * copied: the caller may wipe its own. Null removes it.
         */
        public Builder password(char[] password) {
            if (this.password != null) Arrays.fill(this.password, '\0');
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** Switches to RFB over WebSocket at {@code ws://host:port/path} or {@code wss://…}. */
        public Builder webSocketUri(String url) {
            Objects.requireNonNull(url, "url");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid WebSocket URL (at character " + e.getIndex() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://");
            if (uri.getHost() == null) throw new IllegalArgumentException("a WebSocket URL needs a host");
            if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("a WebSocket URL must not hold credentials; use header(...)");
            this.webSocketUri = uri;
            this.host = uri.getHost();
            this.port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("wss") ? 443 : 80;
            return this;
        }

        /**
         * Trusts exactly the TLS certificate with this SHA-256 fingerprint (hex, colons allowed, as
         * {@code openssl x509 -fingerprint -sha256} prints it) instead of the system's CAs and
         * host-name check: for a BMC with a self-signed certificate. Only for {@code wss://}.
         */
        public Builder pinnedCertificateSha256(String fingerprint) {
            Objects.requireNonNull(fingerprint, "fingerprint");
            String hex = fingerprint.replace(":", "").replace(" ", "");
            byte[] bytes;
            try {
                bytes = HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits (colons allowed)");
            }
            if (bytes.length != 32) throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits (colons allowed)");
            this.pinnedSha256 = bytes;
            return this;
        }

        /** An HTTP header sent with the WebSocket upgrade (a session token or cookie); never printed. */
        public Builder header(String name, String value) {
            webSocketHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long to wait for the TCP (and TLS, WebSocket) connection; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The longest a whole connect may take, however the server paces its bytes (connection,
         * handshake, authentication and initialisation); default 20 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** How long any read in the middle of a message, or any handshake step, may wait; default 10 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** What to do when the connection drops; default {@link ReconnectPolicy#DEFAULT}. */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The encodings to offer, most preferred first; default Tight, ZRLE, CopyRect, Raw. */
        public Builder encodings(RfbEncoding... encodings) {
            if (encodings.length == 0) throw new IllegalArgumentException("offer at least one encoding");
            this.encodings = List.of(encodings);
            return this;
        }

        /** Lets a Tight server send JPEG at quality 0–9 (lossy, smaller); -1 (default) keeps frames lossless. */
        public Builder jpegQuality(int quality) {
            if (quality < -1 || quality > 9) throw new IllegalArgumentException("jpeg quality must be -1..9: " + quality);
            this.jpegQuality = quality;
            return this;
        }

        /** Told when the connection drops and comes back. */
        public Builder listener(ConnectionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RfbConfig build() {
            if (host == null) throw new IllegalArgumentException("no host given");
            if (pinnedSha256 != null && (webSocketUri == null || !"wss".equalsIgnoreCase(webSocketUri.getScheme()))) {
                throw new IllegalArgumentException("a pinned certificate needs a wss:// URL");
            }
            return new RfbConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }
}
