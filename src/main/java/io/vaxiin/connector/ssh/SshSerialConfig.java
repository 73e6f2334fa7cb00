package io.vaxiin.connector.ssh;

import io.vaxiin.connector.serial.SerialBuffer;
import io.vaxiin.connector.serial.SerialListener;
import io.vaxiin.connector.serial.SerialReconnect;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how an {@link SshSerial} logs in: the BMC's SSH address, the user and password, how
 * its host key is checked, and which command line ({@link BmcCli}) bridges to the serial port.
 * Immutable; made with {@link #builder} or {@link #fromUri}, changed with {@link #newBuilder()}.
 * The password is copied in and out and never printed.
 *
 * <p>Host keys: the key the BMC offers must be one of {@link #hostKeyPins()} when any are given,
 * else listed for the host in {@link #knownHosts()} (default {@code ~/.ssh/known_hosts}). An
 * unknown or changed key is refused, never learned.
 */
public final class SshSerialConfig {

    private final String host;
    private final int port;
    private final String username;
    private final char[] password;
    private final Path knownHosts;
    private final List<String> hostKeyPins;
    private final BmcCli cli;
    private final Duration connectTimeout;
    private final Duration promptSettle;
    private final Duration writeTimeout;
    private final SerialReconnect reconnect;
    private final SerialListener listener;
    private final int historyChars;

    private SshSerialConfig(Builder b) {
        this.host = b.host;
        this.port = b.port > 0 ? b.port : (b.cli == null ? 22 : b.cli.defaultPort());
        this.username = b.username;
        this.password = b.password == null ? new char[0] : b.password.clone();
        this.knownHosts = b.knownHosts != null ? b.knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        this.hostKeyPins = List.copyOf(b.hostKeyPins);
        this.cli = b.cli;
        this.connectTimeout = b.connectTimeout;
        this.promptSettle = b.promptSettle;
        this.writeTimeout = b.writeTimeout;
        this.reconnect = b.reconnect;
        this.listener = b.listener;
        this.historyChars = b.historyChars;
    }

    /** A builder for the BMC's SSH console at {@code host} as {@code username}. */
    public static Builder builder(String host, String username) {
        return new Builder().host(host).username(username);
    }

    /**
     * A builder from {@code ssh://USER[:PASSWORD]@HOST[:PORT][?cli=idrac|ilo|xcc|openbmc|none][&knownHosts=PATH][&hostKey=SHA256:…]}.
     * The port defaults to 22 (2200 with {@code cli=openbmc}); the user may be left out when the
     * inventory gives it ({@link Builder#username}). Several {@code hostKey=} may be given.
     *
     * @throws IllegalArgumentException naming what is wrong; never repeating the password
     */
    public static Builder fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.toLowerCase(Locale.ROOT).startsWith("ssh://")) {
            throw new IllegalArgumentException("an SSH serial URI starts with ssh:// (ssh://USER@HOST[:PORT])");
        }
        if (uri.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException("an ssh:// URI must not contain spaces");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid ssh:// URI (at character " + e.getIndex() + "); write ssh://USER@HOST[:PORT]");
        }
        if (parsed.getHost() == null) throw new IllegalArgumentException("an ssh:// URI needs a host: ssh://USER@HOST[:PORT]");
        String path = parsed.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("an ssh:// URI has no path or fragment: ssh://USER@HOST[:PORT][?cli=…&knownHosts=…&hostKey=…]");
        }
        String host = parsed.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        Builder b = new Builder().host(host);
        if (parsed.getPort() > 0) b.port(parsed.getPort());
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (!user.isEmpty()) b.username(user);
            if (colon >= 0) {
                char[] pw = decode(userInfo.substring(colon + 1)).toCharArray();
                b.password(pw);
                Arrays.fill(pw, '\0');
            }
        }
        String query = parsed.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                switch (key) {
                    case "cli" -> b.cli(BmcCli.byId(value));
                    case "knownHosts" -> b.knownHosts(path(value));
                    case "hostKey" -> b.pinHostKey(value);
                    default -> throw new IllegalArgumentException("an ssh:// URI does not know '" + key
                            + "' (cli=idrac|ilo|xcc|openbmc|none, knownHosts=PATH, hostKey=SHA256:…)");
                }
            }
        }
        return b;
    }

    /** A file name as written in a URI or the inventory, {@code ~/} meaning the home folder. */
    public static Path path(String written) {
        return Path.of(written.startsWith("~/") ? System.getProperty("user.home") + written.substring(1) : written);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.username = username;
        b.password = password.clone();
        b.knownHosts = knownHosts;
        b.hostKeyPins.addAll(hostKeyPins);
        b.cli = cli;
        b.connectTimeout = connectTimeout;
        b.promptSettle = promptSettle;
        b.writeTimeout = writeTimeout;
        b.reconnect = reconnect;
        b.listener = listener;
        b.historyChars = historyChars;
        return b;
    }

    /** The BMC's host name or address (an IPv6 address without brackets). */
    public String host() { return host; }

    /** The SSH port. */
    public int port() { return port; }

    /** The user that logs in. */
    public String username() { return username; }

    /** A copy of the password; the caller clears it. */
    public char[] password() { return password.clone(); }

    /** The known-hosts file the host key is checked against when nothing is pinned. */
    public Path knownHosts() { return knownHosts; }

    /** The pinned host key fingerprints ("SHA256:…"); empty: the known-hosts file decides. */
    public List<String> hostKeyPins() { return hostKeyPins; }

    /** The command line to drive, or null: told by its prompt (none when no known prompt shows). */
    public BmcCli cli() { return cli; }

    /** The longest one login may take: connecting, the host key, the password, the shell and the prompt. */
    public Duration connectTimeout() { return connectTimeout; }

    /** With no {@code cli} given: how long the text must stay still, without a known prompt, to be taken as the console itself. */
    public Duration promptSettle() { return promptSettle; }

    /** How long the BMC may take to accept what is typed. */
    public Duration writeTimeout() { return writeTimeout; }

    /** What to do when the session drops. */
    public SerialReconnect reconnect() { return reconnect; }

    /** Who is told of reconnections. */
    public SerialListener listener() { return listener; }

    /** The most characters of history kept. */
    public int historyChars() { return historyChars; }

    /** Where the console is, for messages: "10.0.0.5:22", "[::1]:2200". */
    public String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "SshSerialConfig{" + username + "@" + endpoint() + ", cli " + (cli == null ? "by its prompt" : cli.id())
                + (hostKeyPins.isEmpty() ? ", known hosts " + knownHosts : ", host key " + String.join(" ", hostKeyPins))
                + ", connect timeout " + connectTimeout.toMillis() + " ms, reconnect " + reconnect.maxAttempts() + "}";
    }

    /** Builds an {@link SshSerialConfig}. Not thread-safe; every setter returns this builder. */
    public static final class Builder {
        private String host;
        private int port;
        private String username;
        private char[] password;
        private Path knownHosts;
        private final List<String> hostKeyPins = new ArrayList<>();
        private BmcCli cli;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration promptSettle = Duration.ofSeconds(2);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private SerialReconnect reconnect = SerialReconnect.DEFAULT;
        private SerialListener listener = SerialListener.NONE;
        private int historyChars = SerialBuffer.DEFAULT_MAX_CHARS;

        private Builder() {
        }

        /** The BMC's host name or address. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) throw new IllegalArgumentException("host is empty");
            this.host = host;
            return this;
        }

        /** The SSH port, 1..65535; default 22 (2200 for OpenBMC). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            this.port = port;
            return this;
        }

        /** The user that logs in. */
        public Builder username(String username) {
            Objects.requireNonNull(username, "username");
            if (username.isEmpty()) throw new IllegalArgumentException("username is empty");
            this.username = username;
            return this;
        }

        /** The password, copied; the caller clears its array. */
        public Builder password(char[] password) {
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** True when a password was given. */
        public boolean hasPassword() {
            return password != null && password.length > 0;
        }

        /** True when the URI chose how host keys are checked (knownHosts= or hostKey=): the inventory's settings then do not apply. */
        public boolean hasHostKeySetting() {
            return knownHosts != null || !hostKeyPins.isEmpty();
        }

        /** True when a user was given. */
        public boolean hasUsername() {
            return username != null;
        }

        /** The known-hosts file to check the host key against; default {@code ~/.ssh/known_hosts}. */
        public Builder knownHosts(Path file) {
            this.knownHosts = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Accepts the host key with this fingerprint ("SHA256:" and the unpadded base64 that
         * {@code ssh-keygen -l} prints) instead of the known-hosts file; may be called more than once.
         */
        public Builder pinHostKey(String fingerprint) {
            Objects.requireNonNull(fingerprint, "fingerprint");
            String f = fingerprint.replaceAll("=+$", "");
            if (!f.matches("SHA256:[A-Za-z0-9+/]{43}")) {
                throw new IllegalArgumentException("hostKey=" + fingerprint + " is not a SHA-256 key fingerprint"
                        + " (SHA256: and 43 base64 characters, as ssh-keygen -l prints it)");
            }
            hostKeyPins.add(f);
            return this;
        }

        /** The command line to drive; default: told by the prompt the BMC shows. */
        public Builder cli(BmcCli cli) {
            this.cli = Objects.requireNonNull(cli, "cli");
            return this;
        }

        /** The longest one login may take, from connecting to the prompt; default 20 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** With no cli given, how long still text without a known prompt means the console itself; default 2 s. */
        public Builder promptSettle(Duration settle) {
            this.promptSettle = positive(settle, "promptSettle");
            return this;
        }

        /** How long the BMC may take to accept what is typed; default 10 s. */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /** What to do when the session drops; default {@link SerialReconnect#DEFAULT}. */
        public Builder reconnect(SerialReconnect policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Who is told of reconnections; default nobody. */
        public Builder listener(SerialListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The most characters of history kept (at least 2). */
        public Builder historyChars(int chars) {
            if (chars < 2) throw new IllegalArgumentException("historyChars must be at least 2: " + chars);
            this.historyChars = chars;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when the user or the password is missing
         */
        public SshSerialConfig build() {
            if (host == null) throw new IllegalStateException("host is not set");
            if (username == null) throw new IllegalArgumentException("an ssh:// URI needs a user: ssh://USER@HOST (or the inventory's credentials)");
            if (!hasPassword()) {
                throw new IllegalArgumentException("an SSH serial console needs a password: ssh://USER:env:NAME@HOST, ssh://USER:file:PATH@HOST or the inventory's credentials");
            }
            return new SshSerialConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
