package io.vaxiin.inventory;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inventory file (SPEC.md): credentials by name, defaults, and servers with their console,
 * power and serial URIs. Read with SnakeYAML's safe loader as a node tree, so every error names
 * the file, the line and the key; no YAML tag can construct an object.
 */
public final class Inventory {

    /** One named set of credentials. */
    public record Credentials(String name, String username, Secret password) {}

    /**
     * One server.
     *
     * @param tlsFingerprint the SHA-256 fingerprint of a self-signed BMC certificate to trust, or null
     * @param model          the model, as {@code discover --write} wrote it, or null
     * @param profile        the vendor profile to use instead of the one discovery would pick, or null
     * @param labels         free-form labels, for selecting servers
     * @param knownHosts     the known-hosts file its SSH serial console's host key is checked against, or null (~/.ssh/known_hosts)
     * @param sshHostKeys    the host keys its SSH serial console may offer ({@code SHA256:…}), pinned; empty: the known-hosts file decides
     * @param health         what watch mode checks before it looks at the consoles ({@code tcp://HOST:PORT},
     *                       {@code http(s)://…}, {@code redfish}: the power state), or null: it always looks
     * @param viewer         the viewer profile of a {@code web+https://} console: a name in lib/viewers or a file, or null
     */
    public record Server(String name, String vendor, String console, String power, String serial,
                         Credentials credentials, String tlsFingerprint, String model, String profile, Map<String, String> labels,
                         String knownHosts, List<String> sshHostKeys, String health, String viewer) {
        public Server {
            labels = Map.copyOf(labels);
            sshHostKeys = List.copyOf(sshHostKeys);
        }
    }

    private static final Set<String> TOP = Set.of("credentials", "defaults", "servers");
    private static final Set<String> CREDENTIAL_KEYS = Set.of("username", "password");
    /** Keys a server and {@code defaults} share: a server's own value wins (labels are merged). */
    private static final Set<String> SHARED_KEYS = Set.of("credentials", "vendor", "profile", "labels", "tlsFingerprint", "knownHosts", "sshHostKey",
            "health", "viewer");
    private static final Set<String> SERVER_KEYS = union(SHARED_KEYS, Set.of("model", "console", "power", "serial"));
    /** The key of {@code defaults: credentials:} by vendor that any other vendor (or an unknown one) takes. */
    static final String OTHER_VENDORS = "other";
    private static final int MAX_BYTES = 4 << 20;
    /** The tags plain YAML data resolves to without a tag written. */
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ, Tag.MERGE);

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    private final Path file;
    private final Map<String, Server> servers;
    private final List<String> warnings;

    private Inventory(Path file, Map<String, Server> servers, List<String> warnings) {
        this.file = file;
        this.servers = Collections.unmodifiableMap(servers);
        this.warnings = List.copyOf(warnings);
    }

    public Path file() { return file; }

    public Map<String, Server> servers() { return servers; }

    /** What is not wrong but unwise ("file:line: the password file … can be read by every user"), for the command to print. */
    public List<String> warnings() { return warnings; }

    /** The server named {@code name}. */
    public Optional<Server> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /** Reads and checks an inventory file. */
    public static Inventory load(Path file) {
        if (!Files.isRegularFile(file)) throw new InventoryException(file + ": no such inventory file");
        try {
            if (Files.size(file) > MAX_BYTES) throw new InventoryException(file + ": larger than 4 MB, not an inventory");
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InventoryException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static Inventory parse(Path file, String text) {
        Parser p = new Parser(file, new ArrayList<>());
        p.noTabIndents(text);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new InventoryException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new InventoryException(file + ": not valid YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // SnakeYAML checks some tags only when it builds them ("!D%D": "Tag must not contain leading or trailing spaces.").
            throw new InventoryException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) throw new InventoryException(file + ": the inventory is empty");
        p.noTags(root);
        Map<String, Node> top = p.mapping(root, "the inventory", TOP);

        Map<String, Credentials> credentials = new LinkedHashMap<>();
        if (top.containsKey("credentials")) {
            for (Map.Entry<String, Node> e : p.mapping(top.get("credentials"), "credentials", null).entrySet()) {
                credentials.put(e.getKey(), p.credentials(e.getKey(), e.getValue()));
            }
        }
        Map<String, Node> defaults = top.containsKey("defaults") ? p.mapping(top.get("defaults"), "defaults", SHARED_KEYS) : Map.of();
        Defaults d = new Defaults(p, defaults, credentials);
        Map<String, Server> servers = new LinkedHashMap<>();
        if (top.containsKey("servers")) {
            for (Map.Entry<String, Node> e : p.mapping(top.get("servers"), "servers", null).entrySet()) {
                servers.put(e.getKey(), d.server(e.getKey(), e.getValue()));
            }
        }
        return new Inventory(file, servers, p.warnings());
    }

    /** What {@code defaults} gives every server, and how one server's entry is read over it. */
    private static final class Defaults {
        private final Parser p;
        private final Map<String, Node> node;
        private final Map<String, Credentials> credentials;
        /** {@code defaults: credentials:} as a name, or by vendor (vendor → name); null when not given. */
        private final String credentialsName;
        private final Map<String, String> credentialsByVendor;

        Defaults(Parser p, Map<String, Node> node, Map<String, Credentials> credentials) {
            this.p = p;
            this.node = node;
            this.credentials = credentials;
            Node c = node.get("credentials");
            if (c instanceof MappingNode) {
                credentialsName = null;
                credentialsByVendor = new LinkedHashMap<>();
                for (Map.Entry<String, Node> e : p.mapping(c, "defaults credentials (by vendor)", null).entrySet()) {
                    credentialsByVendor.put(e.getKey().toLowerCase(Locale.ROOT), p.credentialsName(e.getValue(), credentials, "defaults credentials for " + e.getKey()));
                }
            } else {
                credentialsName = c == null ? null : p.credentialsName(c, credentials, "defaults");
                credentialsByVendor = null;
            }
        }

        Server server(String name, Node entry) {
            String where = "server '" + name + "'";
            Map<String, Node> s = p.mapping(entry, where, SERVER_KEYS);
            String console = p.uri(s.get("console"), where, "console", Set.of("vnc", "ws", "wss", "screenshot+https", "screenshot+http", "web+https", "web+http", "sandbox"));
            String power = p.uri(s.get("power"), where, "power", Set.of("redfish", "redfish+http", "ipmi", "sandbox"));
            String serial = p.uri(s.get("serial"), where, "serial", Set.of("sol", "tcp", "ssh"));
            if (console == null && power == null && serial == null) throw p.error(entry, where + " has no console, power or serial URI");
            String vendor = value(s, "vendor");
            if (vendor != null) vendor = vendor.toLowerCase(Locale.ROOT);
            String pin = value(s, "tlsFingerprint");
            if (pin != null && !pin.replace(":", "").matches("(?i)[0-9a-f]{64}")) {
                throw p.error(nodeOf(s, "tlsFingerprint"), where + ": tlsFingerprint is a SHA-256 fingerprint, 64 hex digits (colons allowed)");
            }
            String profile = value(s, "profile");
            if (profile != null && !profile.matches("[a-z0-9][a-z0-9-]*")) {
                throw p.error(nodeOf(s, "profile"), where + ": profile is the name of a file in lib/vendors (dell-idrac9, hpe-ilo5, …), not '" + profile + "'");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Node l : new Node[] {node.get("labels"), s.get("labels")}) {
                if (l == null) continue;
                for (Map.Entry<String, Node> e : p.mapping(l, where + " labels", null).entrySet()) labels.put(e.getKey(), p.scalar(e.getValue(), "labels." + e.getKey()));
            }
            String knownHosts = value(s, "knownHosts");
            List<String> hostKeys = hostKeys(nodeOf(s, "sshHostKey"), where);
            String model = s.containsKey("model") ? p.scalar(s.get("model"), "model") : null;
            String health = value(s, "health");
            if (health != null && !(health.equals("redfish") || health.matches("tcp://[\\w.-]+:\\d{1,5}") || health.matches("https?://\\S+"))) {
                throw p.error(nodeOf(s, "health"), where + ": health is tcp://HOST:PORT, http(s)://… or redfish (the power state), not '" + health + "'");
            }
            String viewer = value(s, "viewer");
            if (viewer != null && viewer.isBlank()) throw p.error(nodeOf(s, "viewer"), where + ": viewer names a profile in lib/viewers (idrac9, ilo5, …) or a profile file");
            if (console != null && console.toLowerCase(Locale.ROOT).startsWith("web+") && viewer == null) {
                throw p.error(s.get("console"), where + ": a web+https:// console needs viewer: (a profile in lib/viewers: idrac9, ilo5, openbmc, …, or a file of your own)");
            }
            return new Server(name, vendor, console, power, serial, credentialsFor(s, entry, where, vendor, console, power, serial),
                    pin, model, profile, labels, knownHosts, hostKeys, health, viewer);
        }

        private Credentials credentialsFor(Map<String, Node> s, Node entry, String where, String vendor, String... uris) {
            if (s.containsKey("credentials")) return credentials.get(p.credentialsName(s.get("credentials"), credentials, where));
            if (credentialsName != null) return credentials.get(credentialsName);
            if (credentialsByVendor == null) return null;
            String name = vendor == null ? null : credentialsByVendor.get(vendor);
            if (name == null) name = credentialsByVendor.get(OTHER_VENDORS);
            if (name == null && needsCredentials(uris)) {
                throw p.error(entry, where + (vendor == null ? " has no vendor" : " is vendor '" + vendor + "'") + ", and defaults credentials name sets only for "
                        + String.join(", ", credentialsByVendor.keySet()) + ": give it vendor: (vaxiin discover --write does), credentials:, or add "
                        + OTHER_VENDORS + ": to defaults credentials");
            }
            return name == null ? null : credentials.get(name);
        }

        /** Whether any of the URIs logs in to a BMC (a VNC console or a TCP serial line may need no credentials). */
        private static boolean needsCredentials(String... uris) {
            for (String u : uris) {
                if (u != null && u.matches("(?i)(redfish|redfish\\+http|ipmi|sol|ssh|screenshot\\+https?|web\\+https?):.*")) return true;
            }
            return false;
        }

        private List<String> hostKeys(Node n, String where) {
            if (n == null) return List.of();
            List<String> keys = new ArrayList<>();
            if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode seq) {
                for (Node k : seq.getValue()) keys.add(p.scalar(k, "sshHostKey"));
            } else {
                keys.add(p.scalar(n, "sshHostKey"));
            }
            for (String k : keys) {
                if (!k.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
                    throw p.error(n, where + ": sshHostKey is a key's SHA-256 fingerprint as ssh-keygen -l prints it (SHA256:…, 43 characters), not '" + k + "'");
                }
            }
            return keys;
        }

        /** The server's own node for {@code key}, else the one of {@code defaults}. */
        private Node nodeOf(Map<String, Node> s, String key) {
            return s.containsKey(key) ? s.get(key) : node.get(key);
        }

        private String value(Map<String, Node> s, String key) {
            Node n = nodeOf(s, key);
            return n == null ? null : p.scalar(n, key);
        }
    }

    /** Reads nodes, naming the file and line in every error. */
    private record Parser(Path file, List<String> warnings) {

        /** YAML forbids tabs in indentation; SnakeYAML's words for it ("found character '\\t' that cannot start any token") do not say so. */
        void noTabIndents(String text) {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                int j = 0;
                while (j < line.length() && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) j++;
                if (line.substring(0, j).indexOf('\t') >= 0 && j < line.length() && line.charAt(j) != '#') {
                    throw new InventoryException(file + ":" + (i + 1) + ": a tab in the indentation: YAML indents with spaces only");
                }
            }
        }

        /** No node may carry a tag of its own ({@code !!python/object}, {@code !Foo}): an inventory is plain data. */
        void noTags(Node node) {
            Tag tag = node.getTag();
            if (!PLAIN_TAGS.contains(tag)) {
                throw error(node, "a YAML tag (" + tag.getValue().replace(Tag.PREFIX, "!!") + ") is not allowed in an inventory: it is plain data");
            }
            if (node instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    noTags(t.getKeyNode());
                    noTags(t.getValueNode());
                }
            } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode seq) {
                for (Node n : seq.getValue()) noTags(n);
            }
        }

        Credentials credentials(String name, Node node) {
            Map<String, Node> c = mapping(node, "credentials '" + name + "'", CREDENTIAL_KEYS);
            String user = required(c, "username", node, "credentials '" + name + "'");
            Node pw = c.get("password");
            if (pw == null) throw error(node, "credentials '" + name + "' need a password (env:NAME or file:PATH)");
            String where = file + ":" + (pw.getStartMark().getLine() + 1) + ": credentials '" + name + "' password";
            Secret secret;
            try {
                secret = Secret.of(scalar(pw, "password"), where);
            } catch (IllegalArgumentException ex) {
                throw error(pw, "credentials '" + name + "': " + ex.getMessage());
            }
            String unsafe = secret.exposure();
            if (unsafe != null) warnings.add(where + ": " + unsafe);
            return new Credentials(name, user, secret);
        }

        InventoryException error(Node node, String message) {
            return new InventoryException(file + ":" + (node.getStartMark().getLine() + 1) + ": " + message);
        }

        Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode m)) throw error(node, what + " must be a mapping of keys to values");
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = scalar(t.getKeyNode(), "a key");
                if (allowed != null && !allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                if (out.containsKey(key)) throw error(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
                out.put(key, t.getValueNode());
            }
            return out;
        }

        String scalar(Node node, String what) {
            if (!(node instanceof ScalarNode s)) throw error(node, what + " must be a single value");
            return s.getValue();
        }

        String required(Map<String, Node> map, String key, Node parent, String where) {
            Node n = map.get(key);
            if (n == null) throw error(parent, where + " need a " + key);
            return scalar(n, key);
        }

        String credentialsName(Node node, Map<String, Credentials> known, String where) {
            String name = scalar(node, "credentials");
            if (!known.containsKey(name)) {
                throw error(node, where + " refers to credentials '" + name + "', which are not defined (defined: "
                        + (known.isEmpty() ? "none" : String.join(", ", known.keySet())) + ")");
            }
            return name;
        }

        String uri(Node node, String where, String key, Set<String> schemes) {
            if (node == null) return null;
            String value = scalar(node, key);
            String scheme = value.contains(":") ? value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT) : "";
            if (!schemes.contains(scheme)) {
                throw error(node, where + ": " + key + " '" + value.replaceAll("//[^@/]*@", "//***@") + "' must start with one of "
                        + String.join(", ", schemes.stream().sorted().map(s -> s + ":").toList()));
            }
            if (!scheme.equals("sandbox")) {
                try {
                    URI u = new URI(value);
                    if (u.getHost() == null) throw error(node, where + ": " + key + " has no host");
                } catch (URISyntaxException e) {
                    throw error(node, where + ": " + key + " is not a valid URI");
                }
            }
            return value;
        }
    }
}
