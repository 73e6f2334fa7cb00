package io.vaxiin.vendor;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The vendor profiles of a folder ({@code lib/vendors/*.yaml}), read safely (no YAML tags, no
 * duplicate keys) and checked key by key: a wrong file is one error naming the file, the line
 * and the key.
 */
public final class VendorProfiles {

    private static final Set<String> TOP = Set.of("name", "vendor", "title", "match", "redfish", "consoles", "keys", "defaultUser", "watch");
    private static final Set<String> WATCH = Set.of("maxRecoveries", "look");
    private static final Set<String> MATCH = Set.of("ipmiManufacturer", "redfishVendor", "managerModel", "firmware");
    private static final Set<String> REDFISH = Set.of("auth", "resetTypes", "bootOverrideMode", "etag");
    private static final Set<String> CONSOLE_KINDS = Set.of("vnc", "websocket", "screenshot", "ssh", "sol");
    private static final Set<String> CONSOLE_SETTINGS = Set.of("port", "path", "api", "interval", "command", "escape", "note");
    private static final Set<String> KEYS = Set.of("setup", "bootMenu", "pxe");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.SEQ, Tag.MAP);

    private final List<VendorProfile> profiles;

    private VendorProfiles(List<VendorProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    /** Every profile, in file-name order. */
    public List<VendorProfile> all() { return profiles; }

    public Optional<VendorProfile> named(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Reads every {@code *.yaml} in {@code dir}.
     *
     * @throws VendorProfileException for the first file that is wrong
     */
    public static VendorProfiles load(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new VendorProfileException(dir + ": cannot be read: " + e.getMessage());
        }
        List<VendorProfile> all = new ArrayList<>();
        for (Path f : files) all.add(read(f));
        return new VendorProfiles(all);
    }

    /** Reads one profile file. */
    public static VendorProfile read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root;
            try {
                root = new Yaml(new SafeConstructor(options)).compose(reader);
            } catch (MarkedYAMLException e) {
                throw new VendorProfileException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
            } catch (YAMLException | IllegalArgumentException e) {
                throw new VendorProfileException(file + ": not valid YAML: " + e.getMessage());
            }
            if (root == null) throw new VendorProfileException(file + ": the profile is empty");
            return new Reading(file).profile(root);
        } catch (IOException e) {
            throw new VendorProfileException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** Walks one file's nodes, naming file and line in every error. */
    private static final class Reading {
        private final Path file;

        Reading(Path file) {
            this.file = file;
        }

        VendorProfile profile(Node root) {
            Map<String, Node> top = mapping(root, "the profile", TOP);
            String name = text(require(top, "name", root), "name");
            String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (!name.equals(expected)) throw error(top.get("name"), "name is '" + name + "', but the file is " + expected + ".yaml: make them the same");
            Map<String, Node> m = top.containsKey("match") ? mapping(top.get("match"), "match", MATCH) : Map.of();
            List<Integer> iana = new ArrayList<>();
            if (m.containsKey("ipmiManufacturer")) {
                for (Node n : sequence(m.get("ipmiManufacturer"), "match.ipmiManufacturer")) {
                    try {
                        iana.add(Integer.parseInt(text(n, "match.ipmiManufacturer")));
                    } catch (NumberFormatException e) {
                        throw error(n, "match.ipmiManufacturer: '" + text(n, "") + "' is not an IANA enterprise number");
                    }
                }
            }
            VendorProfile.Match match = new VendorProfile.Match(iana, regex(m.get("redfishVendor"), "match.redfishVendor"),
                    regex(m.get("managerModel"), "match.managerModel"), regex(m.get("firmware"), "match.firmware"));
            Map<String, Node> r = top.containsKey("redfish") ? mapping(top.get("redfish"), "redfish", REDFISH) : Map.of();
            String auth = r.containsKey("auth") ? oneOf(r.get("auth"), "redfish.auth", Set.of("session", "basic")) : "session";
            String mode = r.containsKey("bootOverrideMode") ? oneOf(r.get("bootOverrideMode"), "redfish.bootOverrideMode", Set.of("send", "omit")) : "send";
            boolean etag = r.containsKey("etag") && Boolean.parseBoolean(oneOf(r.get("etag"), "redfish.etag", Set.of("true", "false")));
            List<String> resets = new ArrayList<>();
            if (r.containsKey("resetTypes")) for (Node n : sequence(r.get("resetTypes"), "redfish.resetTypes")) resets.add(text(n, "redfish.resetTypes"));
            List<VendorProfile.ConsolePath> consoles = new ArrayList<>();
            if (top.containsKey("consoles")) {
                for (Node n : sequence(top.get("consoles"), "consoles")) {
                    Map<String, Node> one = mapping(n, "a console path", CONSOLE_KINDS);
                    if (one.size() != 1) throw error(n, "a console path is one of " + String.join(", ", CONSOLE_KINDS.stream().sorted().toList()) + " with its settings");
                    Map.Entry<String, Node> e = one.entrySet().iterator().next();
                    Map<String, String> settings = new LinkedHashMap<>();
                    mapping(e.getValue(), "consoles." + e.getKey(), CONSOLE_SETTINGS).forEach((k, v) -> settings.put(k, text(v, "consoles." + e.getKey() + "." + k)));
                    consoles.add(new VendorProfile.ConsolePath(e.getKey(), settings));
                }
            }
            Map<String, String> keys = new LinkedHashMap<>();
            if (top.containsKey("keys")) mapping(top.get("keys"), "keys", KEYS).forEach((k, v) -> keys.put(k, key(v, "keys." + k)));
            return new VendorProfile(name, text(require(top, "vendor", root), "vendor"), top.containsKey("title") ? text(top.get("title"), "title") : name,
                    match, new VendorProfile.Redfish(auth, resets, mode, etag), consoles, keys,
                    top.containsKey("defaultUser") ? text(top.get("defaultUser"), "defaultUser") : null,
                    top.containsKey("watch") ? watching(top.get("watch")) : VendorProfile.Watching.DEFAULT);
        }

        private VendorProfile.Watching watching(Node node) {
            Map<String, Node> w = mapping(node, "watch", WATCH);
            int max = 0;
            if (w.containsKey("maxRecoveries")) {
                String v = text(w.get("maxRecoveries"), "watch.maxRecoveries");
                try {
                    max = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 1) throw error(w.get("maxRecoveries"), "watch.maxRecoveries is '" + v + "'; write a whole number of 1 or more");
            }
            boolean poll = w.containsKey("look") && oneOf(w.get("look"), "watch.look", Set.of("keep", "poll")).equals("poll");
            return new VendorProfile.Watching(max, poll);
        }

        private String key(Node n, String what) {
            String k = text(n, what);
            try {
                io.vaxiin.connector.KeyCombo.parse(k);
            } catch (IllegalArgumentException e) {
                throw error(n, what + ": " + e.getMessage());
            }
            return k;
        }

        private Node require(Map<String, Node> m, String key, Node where) {
            Node n = m.get(key);
            if (n == null) throw error(where, "the profile needs '" + key + ":'");
            return n;
        }

        /** Plain YAML only: a tag (!!java.net.URL, !vendor) is refused, never resolved. */
        private Node plain(Node node) {
            if (node != null && !PLAIN_TAGS.contains(node.getTag())) {
                throw error(node, "YAML tags are not allowed here (" + node.getTag().getValue().replace(Tag.PREFIX, "!!") + ")");
            }
            return node;
        }

        private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
            if (!(plain(node) instanceof MappingNode map)) throw error(node, what + " must be a mapping (key: value)");
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String k = text(t.getKeyNode(), what);
                if (out.containsKey(k)) throw error(t.getKeyNode(), "'" + k + "' is given twice in " + what);
                if (!allowed.contains(k)) {
                    throw error(t.getKeyNode(), "unknown key '" + k + "' in " + what + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                out.put(k, t.getValueNode());
            }
            return out;
        }

        private List<Node> sequence(Node node, String what) {
            if (!(plain(node) instanceof SequenceNode seq)) throw error(node, what + " must be a list");
            return seq.getValue();
        }

        private String text(Node node, String what) {
            if (!(plain(node) instanceof ScalarNode s)) throw error(node, what + " must be a single value");
            return s.getValue();
        }

        private String oneOf(Node node, String what, Set<String> allowed) {
            String v = text(node, what);
            if (!allowed.contains(v)) throw error(node, what + " is '" + v + "'; write one of " + String.join(", ", allowed.stream().sorted().toList()));
            return v;
        }

        private Pattern regex(Node node, String what) {
            if (node == null) return null;
            String v = text(node, what);
            try {
                return Pattern.compile(v);
            } catch (PatternSyntaxException e) {
                throw error(node, what + ": /" + v + "/ is not a valid regular expression: " + e.getDescription());
            }
        }

        private VendorProfileException error(Node node, String message) {
            return new VendorProfileException(file + ":" + (node == null ? 1 : node.getStartMark().getLine() + 1) + ": " + message);
        }
    }
}
