package io.vaxiin.connector.serial;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a {@link TcpSerial} connects: a raw TCP port that carries a serial console's
 * bytes both ways (a terminal server's port, {@code socat}, QEMU's {@code -serial tcp:…}).
 * Immutable; made with {@link #builder(String, int)} or {@link #fromUri(String)}, changed with
 * {@link #newBuilder()}. A raw TCP port has no login, so there is no secret to hide.
 */
public final class TcpSerialConfig {

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final SerialReconnect reconnect;
    private final SerialListener listener;
    private final int historyChars;

    private TcpSerialConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.connectTimeout = b.connectTimeout;
        this.writeTimeout = b.writeTimeout;
        this.reconnect = b.reconnect;
        this.listener = b.listener;
        this.historyChars = b.historyChars;
    }

    /** A builder for the serial console at {@code host:port}. */
    public static Builder builder(String host, int port) {
        return new Builder().host(host).port(port);
    }

    /**
     * A builder from a serial URI of the product: {@code tcp://HOST:PORT} (the port is required:
     * there is no usual one; an IPv6 address in brackets, {@code tcp://[::1]:4555}).
     *
     * @throws IllegalArgumentException naming what is wrong with the URI
     */
    public static Builder fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.toLowerCase(Locale.ROOT).startsWith("tcp://")) {
            throw new IllegalArgumentException("a TCP serial URI starts with tcp:// (tcp://HOST:PORT)");
        }
        if (uri.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException("a tcp:// URI must not contain spaces (tcp://HOST:PORT)");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid tcp:// URI (at character " + e.getIndex() + "); write tcp://HOST:PORT");
        }
        String authority = parsed.getRawAuthority();
        // Checked before the host: what stands before the @ may be a password, never repeated in a message.
        if (authority != null && authority.contains("@")) {
            throw new IllegalArgumentException("a tcp:// URI must not hold a user or password: a raw TCP serial port has no login");
        }
        if (parsed.getHost() == null || authority == null) {
            throw new IllegalArgumentException("a tcp:// URI needs a host and a port: tcp://HOST:PORT");
        }
        if (parsed.getPort() < 0) {
            throw new IllegalArgumentException("a tcp:// URI needs a port (tcp://" + authority + ":PORT): a TCP serial console has no usual port");
        }
        String path = parsed.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("a tcp:// URI is only tcp://HOST:PORT, without a path, query or fragment");
        }
        String host = parsed.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return builder(host, parsed.getPort());
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.connectTimeout = connectTimeout;
        b.writeTimeout = writeTimeout;
        b.reconnect = reconnect;
        b.listener = listener;
        b.historyChars = historyChars;
        return b;
    }

    /** The host name or address (an IPv6 address without brackets). */
    public String host() { return host; }

    /** The TCP port. */
    public int port() { return port; }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() { return connectTimeout; }

    /** How long the peer may take to accept one piece (up to 8 KiB) of what is typed. */
    public Duration writeTimeout() { return writeTimeout; }

    /** What to do when the connection drops. */
    public SerialReconnect reconnect() { return reconnect; }

    /** Who is told of reconnections. */
    public SerialListener listener() { return listener; }

    /** The most characters of history kept. */
    public int historyChars() { return historyChars; }

    /** Where the console is, for messages: "10.0.0.9:4555", "[::1]:4555". */
    public String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "TcpSerialConfig{" + endpoint()
                + ", connect timeout " + connectTimeout.toMillis() + " ms"
                + ", write timeout " + writeTimeout.toMillis() + " ms"
                + ", reconnect " + reconnect.maxAttempts() + " within " + reconnect.maxTotal().toMillis() + " ms"
                + ", history " + historyChars + " chars}";
    }

    /** Builds a {@link TcpSerialConfig}. Not thread-safe; every setter returns this builder. */
    public static final class Builder {
        private String host;
        private int port;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private SerialReconnect reconnect = SerialReconnect.DEFAULT;
        private SerialListener listener = SerialListener.NONE;
        private int historyChars = SerialBuffer.DEFAULT_MAX_CHARS;

        private Builder() {
        }

        /** The host name or address of the serial port. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) throw new IllegalArgumentException("host is empty");
            this.host = host;
            return this;
        }

        /** The TCP port of the serial console, 1..65535. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            this.port = port;
            return this;
        }

        /** How long one connection attempt may take; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long the peer may take to accept each piece (up to 8 KiB) of what is typed or
         * pressed before the console gives the connection up as stuck; default 10 s.
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /** What to do when the connection drops; default {@link SerialReconnect#DEFAULT}. */
        public Builder reconnect(SerialReconnect policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Who is told of reconnections; default nobody. */
        public Builder listener(SerialListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The most characters of history kept (at least 2); default {@link SerialBuffer#DEFAULT_MAX_CHARS}. */
        public Builder historyChars(int chars) {
            if (chars < 2) throw new IllegalArgumentException("historyChars must be at least 2: " + chars);
            this.historyChars = chars;
            return this;
        }

        /** The configuration. */
        public TcpSerialConfig build() {
            if (host == null) throw new IllegalStateException("host is not set");
            return new TcpSerialConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            if (d.toMillis() > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " is too long: " + d);
            return d;
        }
    }
}
