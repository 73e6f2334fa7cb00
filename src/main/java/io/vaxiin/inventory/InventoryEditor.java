package io.vaxiin.inventory;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sets keys of servers in an inventory file and leaves every other byte as it was: comments,
 * order, quoting, blank lines. A value already there is replaced where it stands (a comment after
 * it stays); a new key goes first among the server's keys, at their indentation. The file is
 * replaced atomically.
 */
public final class InventoryEditor {

    private InventoryEditor() {}

    /** One change to make: under {@code servers: SERVER:}, {@code KEY: VALUE}. */
    public record Change(String server, String key, String value) {}

    /**
     * Makes {@code changes} in {@code file}.
     *
     * @return the changes it could not make, each as a sentence (a server written in flow style, a value spanning lines)
     */
    public static List<String> apply(Path file, List<Change> changes) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        List<String> refused = new ArrayList<>();
        record Edit(int start, int end, String replacement) {}
        List<Edit> edits = new ArrayList<>();
        MappingNode servers = root instanceof MappingNode top ? child(top, "servers") instanceof MappingNode m ? m : null : null;
        for (Change c : changes) {
            Node server = servers == null ? null : child(servers, c.server());
            if (!(server instanceof MappingNode map) || map.getValue().isEmpty()) {
                refused.add(c.server() + ": not in " + file + " as a mapping of keys");
                continue;
            }
            if (map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                refused.add(c.server() + ": written in flow style ({ … }) in " + file + "; add " + c.key() + ": " + c.value() + " by hand");
                continue;
            }
            Node existing = child(map, c.key());
            if (existing instanceof ScalarNode s) {
                if (s.getStartMark().getLine() != s.getEndMark().getLine()) {
                    refused.add(c.server() + ": its " + c.key() + " spans lines; change it by hand");
                    continue;
                }
                edits.add(new Edit(s.getStartMark().getIndex(), s.getEndMark().getIndex(), scalar(c.value())));
            } else if (existing != null) {
                refused.add(c.server() + ": its " + c.key() + " is not a single value");
            } else {
                Node firstKey = map.getValue().get(0).getKeyNode();
                int at = firstKey.getStartMark().getIndex();
                String indent = " ".repeat(firstKey.getStartMark().getColumn());
                edits.add(new Edit(at, at, c.key() + ": " + scalar(c.value()) + lineEnd(text) + indent));
            }
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(text);
        for (Edit e : edits) out.replace(e.start(), e.end(), e.replacement());
        if (!edits.isEmpty()) {
            Path tmp = file.resolveSibling(file.getFileName() + ".vaxiin-tmp");
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return refused;
    }

    private static Node child(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        }
        return null;
    }

    private static String lineEnd(String text) {
        return text.contains("\r\n") ? "\r\n" : "\n";
    }

    /** The value plain when YAML reads it back as the same text, else single-quoted. */
    static String scalar(String v) {
        if (v.matches("[A-Za-z][A-Za-z0-9 ._/()+-]*") && !v.endsWith(" ")
                && !v.matches("(?i)(true|false|yes|no|on|off|null|y|n)")) return v;
        return "'" + v.replace("'", "''") + "'";
    }
}
