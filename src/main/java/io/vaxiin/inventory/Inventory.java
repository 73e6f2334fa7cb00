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

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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
     */
    public record Server(String name, String vendor, String console, String power, String serial,
                         Credentials credentials, String tlsFingerprint, String model, String profile, Map<String, String> labels) {
        public Server {
            labels = Map.copyOf(labels);
        }
    }

    private static final Set<String> TOP = Set.of("credentials", "defaults", "servers");
    private static final Set<String> CREDENTIAL_KEYS = Set.of("username", "password");
    private static final Set<String> DEFAULT_KEYS = Set.of("credentials", "vendor");
    private static final Set<String> SERVER_KEYS = Set.of("vendor", "model", "profile", "labels", "console", "power", "serial", "credentials",
            "tlsFingerprint");
    private static final int MAX_BYTES = 4 << 20;

    private final Path file;
    private final Map<String, Server> servers;

    private Inventory(Path file, Map<String, Server> servers) {
        this.file = file;
        this.servers = Collections.unmodifiableMap(servers);
    }

    public Path file() { return file; }

    public Map<String, Server> servers() { return servers; }

    /** The server named {@code name}. */
    public Optional<Server> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /** Reads and checks an inventory file. */
    public static Inventory load(Path file) {
        if (!Files.isRegularFile(file)) throw new InventoryException(file + ": no such inventory file");
        try {
            if (Files.size(file) > MAX_BYTES) throw new InventoryException(file + ": larger than 4 MB, not an inventory");
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return parse(file, reader);
            }
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static Inventory parse(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new InventoryException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            // SnakeYAML wraps the reader's decoding error as its text ("java.nio.charset.MalformedInputException: …").
            if (e.getCause() instanceof CharacterCodingException) throw new InventoryException(file + ": not UTF-8 text", e);
            throw new InventoryException(file + ": not valid YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // SnakeYAML checks some tags only when it builds them ("!D%D": "Tag must not contain leading or trailing spaces.").
            throw new InventoryException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        Parser p = new Parser(file);
        if (root == null) throw new InventoryException(file + ": the inventory is empty");
        Map<String, Node> top = p.mapping(root, "the inventory", TOP);

        Map<String, Credentials> credentials = new LinkedHashMap<>();
        if (top.containsKey("credentials")) {
            for (Map.Entry<String, Node> e : p.mapping(top.get("credentials"), "credentials", null).entrySet()) {
                Map<String, Node> c = p.mapping(e.getValue(), "credentials '" + e.getKey() + "'", CREDENTIAL_KEYS);
                String user = p.required(c, "username", e.getValue(), "credentials '" + e.getKey() + "'");
                Node pw = c.get("password");
                if (pw == null) throw p.error(e.getValue(), "credentials '" + e.getKey() + "' need a password (env:NAME or file:PATH)");
                Secret secret;
                try {
                    secret = Secret.of(p.scalar(pw, "password"));
                } catch (IllegalArgumentException ex) {
                    throw p.error(pw, "credentials '" + e.getKey() + "': " + ex.getMessage());
                }
                credentials.put(e.getKey(), new Credentials(e.getKey(), user, secret));
            }
        }
        String defaultCredentials = null, defaultVendor = null;
        if (top.containsKey("defaults")) {
            Map<String, Node> d = p.mapping(top.get("defaults"), "defaults", DEFAULT_KEYS);
            if (d.containsKey("credentials")) defaultCredentials = p.credentialsName(d.get("credentials"), credentials, "defaults");
            if (d.containsKey("vendor")) defaultVendor = p.scalar(d.get("vendor"), "vendor");
        }
        Map<String, Server> servers = new LinkedHashMap<>();
        if (top.containsKey("servers")) {
            for (Map.Entry<String, Node> e : p.mapping(top.get("servers"), "servers", null).entrySet()) {
                String name = e.getKey();
                String where = "server '" + name + "'";
                Map<String, Node> s = p.mapping(e.getValue(), where, SERVER_KEYS);
                String console = p.uri(s.get("console"), where, "console", Set.of("vnc", "ws", "wss", "screenshot+https", "screenshot+http", "sandbox"));
                String power = p.uri(s.get("power"), where, "power", Set.of("redfish", "redfish+http", "ipmi", "sandbox"));
                String serial = p.uri(s.get("serial"), where, "serial", Set.of("sol", "tcp", "ssh"));
                if (console == null && power == null && serial == null) {
                    throw p.error(e.getValue(), where + " has no console, power or serial URI");
                }
                String credName = s.containsKey("credentials") ? p.credentialsName(s.get("credentials"), credentials, where) : defaultCredentials;
                String vendor = s.containsKey("vendor") ? p.scalar(s.get("vendor"), "vendor").toLowerCase(Locale.ROOT) : defaultVendor;
                String pin = s.containsKey("tlsFingerprint") ? p.scalar(s.get("tlsFingerprint"), "tlsFingerprint") : null;
                if (pin != null && !pin.replace(":", "").matches("(?i)[0-9a-f]{64}")) {
                    throw p.error(s.get("tlsFingerprint"), where + ": tlsFingerprint is a SHA-256 fingerprint, 64 hex digits (colons allowed)");
                }
                String model = s.containsKey("model") ? p.scalar(s.get("model"), "model") : null;
                String profile = s.containsKey("profile") ? p.scalar(s.get("profile"), "profile") : null;
                if (profile != null && !profile.matches("[a-z0-9][a-z0-9-]*")) {
                    throw p.error(s.get("profile"), where + ": profile is the name of a file in lib/vendors (dell-idrac9, hpe-ilo5, …), not '" + profile + "'");
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (s.containsKey("labels")) {
                    for (Map.Entry<String, Node> l : p.mapping(s.get("labels"), where + " labels", null).entrySet()) {
                        labels.put(l.getKey(), p.scalar(l.getValue(), "labels." + l.getKey()));
                    }
                }
                servers.put(name, new Server(name, vendor, console, power, serial,
                        credName == null ? null : credentials.get(credName), pin, model, profile, labels));
            }
        }
        return new Inventory(file, servers);
    }

    /** Reads nodes, naming the file and line in every error. */
    private record Parser(Path file) {

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
