package io.vaxiin.connector.web;

import io.vaxiin.connector.web.ViewerProfile.Step;
import io.vaxiin.connector.web.ViewerProfile.Subject;
import io.vaxiin.connector.web.ViewerProfile.Word;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads viewer profiles: plain YAML only (SnakeYAML's safe constructor, no tags, no duplicate
 * keys), every key and step word checked, so a wrong file is one error naming the file and line:
 * {@code ilo5.yaml:14: unknown step 'klick' (steps: open, fill, click, …)}.
 */
public final class ViewerProfiles {

    private static final Set<String> TOP = Set.of("name", "title", "firmware", "source", "timeout", "acquire", "loginError", "steps", "logout");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT, Tag.NULL, Tag.SEQ, Tag.MAP);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private ViewerProfiles() {}

    /**
     * The profile {@code nameOrFile} names: a file (a path, or a name ending in {@code .yaml}) or
     * the name of one in {@code viewers} ({@code lib/viewers}).
     *
     * @throws ViewerProfileException when there is no such profile or it is wrong
     */
    public static ViewerProfile resolve(String nameOrFile, Path viewers) {
        boolean path = nameOrFile.contains("/") || nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml");
        Path file = path ? Path.of(nameOrFile) : viewers.resolve(nameOrFile + ".yaml");
        if (!Files.isRegularFile(file)) {
            if (path) throw new ViewerProfileException(nameOrFile + ": no such viewer profile file");
            throw new ViewerProfileException("no viewer profile named '" + nameOrFile + "' (shipped: " + String.join(", ", shipped(viewers))
                    + "; or give the path of a profile file of your own)");
        }
        return read(file);
    }

    /** The names of the profiles in a folder, sorted. */
    public static List<String> shipped(Path viewers) {
        try (Stream<Path> list = Files.list(viewers)) {
            return list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads and checks one profile file. */
    public static ViewerProfile read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root;
            try {
                root = new Yaml(new SafeConstructor(options)).compose(reader);
            } catch (MarkedYAMLException e) {
                throw new ViewerProfileException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
            } catch (YAMLException | IllegalArgumentException e) {
                throw new ViewerProfileException(file + ": not valid YAML: " + e.getMessage());
            }
            if (root == null) throw new ViewerProfileException(file + ":1: the profile is empty");
            return new Reading(file).profile(root);
        } catch (IOException e) {
            throw new ViewerProfileException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * A duration as profiles write it: {@code 20s}, {@code 500ms}, {@code 2m}, or a number of seconds.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m)?").matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a duration (write 20s, 500ms or 2m)");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /**
     * Why a CSS selector is wrong, or null when it looks right: the checks a browser's parser
     * would fail on first (brackets and quotes that do not close, a combinator with nothing after
     * it, an empty part of a list), made without a browser so {@code vaxiin check} needs none.
     */
    static String selectorProblem(String css) {
        Selector sel = Selector.of(css);
        if (sel.text() != null && sel.text().isBlank()) return "has a :has-text() with no text";
        String s = sel.css().trim();
        if (s.isEmpty()) return "is empty";
        if (s.startsWith("//") || s.startsWith("(/")) return "is an XPath; profiles use CSS selectors";
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            switch (c) {
                case '\\' -> i++;
                case '"', '\'' -> quote = c;
                case '[', '(' -> open.push(c);
                case ']', ')' -> {
                    char want = c == ']' ? '[' : '(';
                    if (open.isEmpty() || open.pop() != want) return "has a '" + c + "' that closes nothing";
                }
                case '{', '}', ';' -> {
                    if (open.isEmpty()) return "has a '" + c + "', which no selector has";
                }
                default -> { }
            }
        }
        if (quote != 0) return "has a quote that does not close";
        if (!open.isEmpty()) return "has a '" + open.peek() + "' that does not close";
        for (String part : s.split(",(?=(?:[^\"'\\[\\]()]|\"[^\"]*\"|'[^']*'|\\[[^\\]]*]|\\([^)]*\\))*$)", -1)) {
            String p = part.trim();
            if (p.isEmpty()) return "has an empty part between commas";
            if (p.matches(".*[>+~]$")) return "ends with '" + p.charAt(p.length() - 1) + "' and nothing after it";
            if (p.matches("^[>+~].*")) return "starts with '" + p.charAt(0) + "' and nothing before it";
            if (p.matches(".*[#.]$") || p.matches(".*[#.][\\s>+~].*")) return "has a '#' or '.' with no name after it";
        }
        return null;
    }

    /**
     * A profile's selector: CSS, and optionally a trailing {@code :has-text("Acquire")}, which CSS
     * cannot say and the vendors' pages need (a button known only by its words): the elements the
     * CSS finds whose shown text contains that text, case aside. Alone it means any element.
     */
    record Selector(String css, String text) {
        private static final java.util.regex.Pattern HAS_TEXT =
                java.util.regex.Pattern.compile("^(.*?):has-text\\((?:\"([^\"]*)\"|'([^']*)')\\)\\s*$", java.util.regex.Pattern.DOTALL);

        static Selector of(String selector) {
            java.util.regex.Matcher m = HAS_TEXT.matcher(selector);
            if (!m.matches()) return new Selector(selector, null);
            String css = m.group(1).isBlank() ? "*" : m.group(1);
            return new Selector(css, m.group(2) != null ? m.group(2) : m.group(3));
        }
    }

    /** Walks one file's nodes, naming the file and line in every error. */
    private static final class Reading {
        private final Path file;

        Reading(Path file) {
            this.file = file;
        }

        ViewerProfile profile(Node root) {
            Map<String, Node> top = mapping(root, "the profile", TOP);
            String name = text(require(top, "name", root), "name");
            String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!name.equals(expected)) throw error(top.get("name"), "name is '" + name + "', but the file is " + file.getFileName() + ": make them the same");
            List<String> firmware = new ArrayList<>();
            Node fw = require(top, "firmware", root);
            if (fw instanceof SequenceNode seq) {
                for (Node n : seq.getValue()) firmware.add(text(n, "firmware"));
            } else {
                firmware.add(text(fw, "firmware"));
            }
            if (firmware.isEmpty()) throw error(fw, "firmware: name the firmware versions the profile was written for");
            String source = text(require(top, "source", root), "source");
            Duration timeout = top.containsKey("timeout") ? duration(top.get("timeout"), "timeout") : DEFAULT_TIMEOUT;
            boolean acquire = false;
            if (top.containsKey("acquire")) {
                String v = text(top.get("acquire"), "acquire");
                if (!v.equals("true") && !v.equals("false")) throw error(top.get("acquire"), "acquire is '" + v + "'; write true or false");
                acquire = v.equals("true");
            }
            String loginError = top.containsKey("loginError") ? selector(top.get("loginError"), "loginError") : null;
            List<Step> steps = steps(require(top, "steps", root), "steps", timeout);
            if (steps.isEmpty()) throw error(top.get("steps"), "steps is empty: a profile opens the console and ends with canvas:");
            for (int i = 0; i < steps.size() - 1; i++) {
                if (steps.get(i).word() == Word.CANVAS) {
                    throw new ViewerProfileException(file + ":" + steps.get(i).line() + ": canvas must be the last step (the console starts there)");
                }
            }
            if (steps.get(steps.size() - 1).word() != Word.CANVAS) {
                throw new ViewerProfileException(file + ":" + steps.get(steps.size() - 1).line() + ": the last step must be canvas: (the selector of the console's canvas)");
            }
            boolean acquireStep = steps.stream().anyMatch(s -> s.word() == Word.ACQUIRE_IF);
            if (acquire && !acquireStep) throw error(top.get("acquire"), "acquire: true, but no acquire-if step says what to click");
            List<Step> logout = top.containsKey("logout") ? steps(top.get("logout"), "logout", timeout) : List.of();
            for (Step s : logout) {
                if (s.word() == Word.CANVAS || s.word() == Word.ACQUIRE_IF) {
                    throw new ViewerProfileException(file + ":" + s.line() + ": " + s.word().word + " has no place in logout");
                }
            }
            String title = top.containsKey("title") ? text(top.get("title"), "title") : name;
            return new ViewerProfile(name, file, title, firmware, source, timeout, acquire, loginError, steps, logout);
        }

        private List<Step> steps(Node node, String what, Duration timeout) {
            List<Step> out = new ArrayList<>();
            for (Node n : sequence(node, what)) out.add(step(n, timeout));
            return out;
        }

        private static final Map<String, Word> WORDS = new LinkedHashMap<>();

        static {
            for (Word w : Word.values()) WORDS.put(w.word, w);
        }

        private Step step(Node node, Duration defaultTimeout) {
            if (!(plain(node) instanceof MappingNode map) || map.getValue().isEmpty()) {
                throw error(node, "a step is a word and what it acts on (" + String.join(", ", WORDS.keySet()) + "), as in '- click: \"#launch\"'");
            }
            NodeTuple first = map.getValue().get(0);
            String key = text(first.getKeyNode(), "a step");
            Word word = WORDS.get(key);
            if (word == null) {
                throw error(first.getKeyNode(), "unknown step '" + key + "' (steps: " + String.join(", ", WORDS.keySet()) + ")");
            }
            Set<String> extras = switch (word) {
                case FILL -> Set.of("value", "timeout");
                case ACQUIRE_IF, DISMISS -> Set.of("click", "timeout");
                default -> Set.of("timeout");
            };
            Map<String, Node> more = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue().subList(1, map.getValue().size())) {
                String k = text(t.getKeyNode(), word.word);
                if (WORDS.containsKey(k) && !extras.contains(k)) throw error(t.getKeyNode(), "one step per list item: start another with '- " + k + ":'");
                if (!extras.contains(k) || more.containsKey(k)) {
                    throw error(t.getKeyNode(), "unknown key '" + k + "' in a " + word.word + " step (it takes: " + String.join(", ", extras.stream().sorted().toList()) + ")");
                }
                more.put(k, t.getValueNode());
            }
            Duration timeout = more.containsKey("timeout") ? duration(more.get("timeout"), word.word + " timeout") : defaultTimeout;
            int line = node.getStartMark().getLine() + 1;
            Node v = first.getValueNode();
            return switch (word) {
                case OPEN -> {
                    String path = text(v, "open");
                    if (path.isBlank() || !(path.startsWith("/") || path.matches("(?i)https?://.*"))) {
                        throw error(v, "open takes a path of the BMC (/login) or a URL on it, not '" + path + "'");
                    }
                    yield new Step(word, Subject.ELEMENT, path, null, null, timeout, file, line);
                }
                case FILL -> {
                    String sel = selector(v, "fill");
                    Node value = more.get("value");
                    if (value == null) throw error(node, "fill needs value: (\"${user}\", \"${password}\" or text)");
                    String text = text(value, "fill value");
                    Matcher m = PLACEHOLDER.matcher(text);
                    while (m.find()) {
                        if (!m.group(1).equals("user") && !m.group(1).equals("password")) {
                            throw error(value, "fill value: unknown placeholder ${" + m.group(1) + "} (known: ${user}, ${password})");
                        }
                    }
                    yield new Step(word, Subject.ELEMENT, sel, null, text, timeout, file, line);
                }
                case CLICK, CANVAS -> new Step(word, Subject.ELEMENT, selector(v, word.word), null, null, timeout, file, line);
                case ACQUIRE_IF, DISMISS -> {
                    Node click = more.get("click");
                    if (click == null) throw error(node, word.word + " needs click: (the button that " + (word == Word.DISMISS ? "closes the dialog)" : "takes the console over)"));
                    yield new Step(word, Subject.ELEMENT, selector(v, word.word), selector(click, word.word + " click"), null, timeout, file, line);
                }
                case WAIT, SWITCH -> subjectStep(word, v, timeout, line);
            };
        }

        private Step subjectStep(Word word, Node v, Duration timeout, int line) {
            Set<String> kinds = word == Word.WAIT ? Set.of("element", "window", "frame") : Set.of("window", "frame");
            Map<String, Node> m = mapping(v, word.word, kinds);
            if (m.size() != 1) {
                throw error(v, word.word + " takes one of " + String.join(", ", kinds.stream().sorted().toList())
                        + (word == Word.WAIT ? " (wait: { element: \"#kvm\" }, { window: new }, { frame: \"iframe#kvm\" })"
                                             : " (switch: { window: new }, { frame: \"iframe#kvm\" }, { frame: top })"));
            }
            Map.Entry<String, Node> e = m.entrySet().iterator().next();
            return switch (e.getKey()) {
                case "window" -> {
                    String w = text(e.getValue(), word.word + " window");
                    if (!w.equals("new")) throw error(e.getValue(), word.word + " window is 'new' (the window the page opened last), not '" + w + "'");
                    yield new Step(word, Subject.WINDOW, null, null, null, timeout, file, line);
                }
                case "frame" -> {
                    if (word == Word.SWITCH && "top".equals(text(e.getValue(), "frame"))) {
                        yield new Step(word, Subject.TOP, null, null, null, timeout, file, line);
                    }
                    yield new Step(word, Subject.FRAME, selector(e.getValue(), word.word + " frame"), null, null, timeout, file, line);
                }
                default -> new Step(word, Subject.ELEMENT, selector(e.getValue(), word.word + " element"), null, null, timeout, file, line);
            };
        }

        private String selector(Node n, String what) {
            String css = text(n, what);
            String problem = selectorProblem(css);
            if (problem != null) throw error(n, what + ": the selector '" + css + "' " + problem);
            return css;
        }

        private Duration duration(Node n, String what) {
            try {
                Duration d = ViewerProfiles.duration(text(n, what));
                if (d.isZero()) throw new IllegalArgumentException("0 waits for nothing");
                return d;
            } catch (IllegalArgumentException e) {
                throw error(n, what + ": " + e.getMessage());
            }
        }

        private Node require(Map<String, Node> m, String key, Node where) {
            Node n = m.get(key);
            if (n == null) throw error(where, "the profile needs '" + key + ":'");
            return n;
        }

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
                if (!allowed.contains(k)) {
                    throw error(t.getKeyNode(), "unknown key '" + k + "' in " + what + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                out.put(k, t.getValueNode());
            }
            return out;
        }

        private List<Node> sequence(Node node, String what) {
            if (!(plain(node) instanceof SequenceNode seq)) throw error(node, what + " must be a list of steps");
            return seq.getValue();
        }

        private String text(Node node, String what) {
            if (!(plain(node) instanceof ScalarNode s)) throw error(node, what + " must be a single value");
            return s.getValue().toLowerCase(Locale.ROOT).equals("~") ? "" : s.getValue();
        }

        private ViewerProfileException error(Node node, String message) {
            return new ViewerProfileException(file + ":" + (node == null ? 1 : node.getStartMark().getLine() + 1) + ": " + message);
        }
    }
}
