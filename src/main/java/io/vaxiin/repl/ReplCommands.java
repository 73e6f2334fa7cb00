package io.vaxiin.repl;

import io.vaxiin.connector.Frame;
import io.vaxiin.dsl.ScreenView;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.ScriptErrors;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.inventory.InventoryException;
import io.vaxiin.repl.recording.Recording;
import io.vaxiin.repl.recording.ScriptWriter;
import io.vaxiin.repl.recording.Step;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetRequest;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The REPL's {@code :commands}: looking at the console, switching targets, recording and saving. */
final class ReplCommands {

    /** The commands, with their arguments and what they do: for :help, completion and messages. */
    static final List<CommandSyntax> COMMANDS = CommandSyntax.DEFAULTS;

    private static final Map<String, CommandSyntax> BY_NAME = new LinkedHashMap<>();

    static {
        for (CommandSyntax c : COMMANDS) BY_NAME.put(c.name(), c);
    }

    private static String names() {
        return String.join(" ", BY_NAME.keySet());
    }

    /** A command that could not do what it was asked; its line is printed as an error. */
    static final class CommandError extends RuntimeException {
        private final int exitCode;

        CommandError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() { return exitCode; }
    }

    private final Repl repl;
    private final Output out;

    ReplCommands(Repl repl) {
        this.repl = repl;
        this.out = repl.out();
    }

    void run(String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
        String name = words.remove(0);
        switch (name) {
            case ":screen" -> screen(words);
            case ":watch" -> watch(words);
            case ":snap" -> snap(words);
            case ":target" -> target();
            case ":connect" -> connect(words);
            case ":record" -> record(words);
            case ":save" -> save(words);
            case ":help", ":h", ":?" -> help(words);
            case ":quit", ":q", ":exit" -> repl.quit();
            default -> throw new CommandError("there is no command " + name + " (commands: " + names() + ")", 2);
        }
    }

    // ---- looking --------------------------------------------------------------------------

    private void screen(List<String> args) {
        boolean numbers = args.remove("-n");
        boolean sources = args.remove("-s");
        if (!args.isEmpty()) throw new CommandError(":screen takes only -n (row numbers) and -s (who read each row)", 2);
        Session s = repl.connection().session();
        if (s.screen() == null) {
            List<String> serial = serialTail(s, 25);
            out.info("(no KVM console: the serial console's last " + serial.size() + " lines)");
            serial.forEach(out::info);
            return;
        }
        io.vaxiin.dsl.Screen screen = s.screen().now();
        List<String> lines = trimmed(screen.getLines());
        for (int i = 0; i < lines.size(); i++) {
            String line = numbers ? String.format("%3d | %s", i, lines.get(i)) : lines.get(i);
            out.info(sources ? String.format("%-18s | %s", screen.text().sourceOf(i), line) : line);
        }
    }

    private static List<String> serialTail(Session s, int n) {
        if (s.serialView() == null) return List.of();
        List<String> lines = trimmed(Arrays.asList(s.serialView().serial().recent().text().split("\n", -1)));
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private void watch(List<String> args) {
        InputSource input = repl.input();
        Duration limit = args.isEmpty() ? (input.interactive() ? Duration.ofHours(1) : Duration.ofSeconds(10)) : duration(args.get(0));
        Session s = repl.connection().session();
        ScreenView view = s.screen();
        if (view == null) throw new CommandError(":watch needs a KVM console; " + repl.connection().target().name()
                + " has only a serial console (:screen shows its last lines)", 2);
        long deadline = System.nanoTime() + limit.toNanos();
        long shown = Long.MIN_VALUE;
        input.watching(true);
        try {
            while (System.nanoTime() < deadline) {
                Frame f = view.awaitChange(shown, Duration.ofMillis(200));
                if (f.version() != shown) {
                    shown = f.version();
                    draw(trimmed(view.textOf(f).getLines()), input.interactive());
                }
                if (input.keyPressed(Duration.ofMillis(50))) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            input.watching(false);
        }
    }

    private void draw(List<String> lines, boolean inPlace) {
        String time = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        if (inPlace) {
            StringBuilder sb = new StringBuilder("\u001b[H\u001b[2J");
            for (String l : lines) sb.append(out.mask(l)).append("\r\n");
            sb.append("\u001b[2m-- ").append(time).append(" ").append(repl.connection().target().name())
                    .append(": watching the screen; press a key to stop --\u001b[0m\r\n");
            out.raw().print(sb);
            out.raw().flush();
        } else {
            out.info("--- screen at " + time);
            lines.forEach(out::info);
        }
    }

    private void snap(List<String> args) {
        Session s = repl.connection().session();
        if (s.screen() == null) throw new CommandError(":snap needs a KVM console (the serial text is in the REPL's log)", 2);
        Path png = args.isEmpty() ? repl.outputDir().resolve("snap-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + ".png")
                : Path.of(args.get(0).endsWith(".png") ? args.get(0) : args.get(0) + ".png");
        Frame f = s.screen().frame();
        Path txt = png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", ".txt"));
        try {
            if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
            io.vaxiin.dsl.Screen screen = s.screen().textOf(f);
            ImageIO.write(io.vaxiin.dsl.SecretCover.covered(f.image(), screen.text(), s.redactor()), "png", png.toFile());
            Files.writeString(txt, out.mask(String.join("\n", trimmed(screen.getLines()))) + "\n");
        } catch (IOException e) {
            throw new CommandError(":snap: cannot write " + png + ": " + e.getMessage(), 2);
        }
        out.info("saved " + png + " (" + f.width() + "x" + f.height() + ") and " + txt);
    }

    private void target() {
        Target t = repl.connection().target();
        String where = repl.connection().where();
        out.info("target: " + t.description() + (where.equals(t.description()) ? "" : " (" + where + ")"));
        out.info("vendor: " + t.facts().vendor() + ", model: " + t.facts().model());
        if (t.console() != null) out.info("kvm console: " + t.console().describe());
        if (t.serial() != null) out.info("serial console: " + t.serial().describe());
        out.info("power: " + (t.power() == null ? "none" : t.power().describe()) + "; boot device: "
                + (t.boot() == null ? "none" : t.boot().describe()));
        out.info("recording: " + repl.recording().map(r -> "on, " + r.steps().size() + " step" + (r.steps().size() == 1 ? "" : "s"))
                .orElse("off"));
    }

    // ---- switching ------------------------------------------------------------------------

    private void connect(List<String> args) {
        if (args.isEmpty()) throw new CommandError(":connect needs a server: " + BY_NAME.get(":connect").usage(), 2);
        TargetRequest request;
        Path inventory = repl.settings().inventory();
        if (args.get(0).equals("sandbox")) {
            if (args.size() > 2) throw new CommandError(":connect sandbox takes one scenario", 2);
            request = new TargetRequest(null, null, null, null, null, args.size() == 2 ? args.get(1) : "healthy");
        } else if (args.get(0).contains("://")) {
            Map<String, String> byRole = new LinkedHashMap<>();
            String viewer = null;
            for (String uri : args) {
                // a web+https:// console's viewer profile: viewer=NAME or viewer=FILE
                if (uri.startsWith("viewer=") && !uri.contains("://")) {
                    viewer = uri.substring("viewer=".length());
                    continue;
                }
                if (!uri.contains("://")) throw new CommandError(":connect: '" + uri + "' is neither a URI nor viewer=PROFILE", 2);
                String role = roleOf(uri);
                if (byRole.put(role, uri) != null) throw new CommandError(":connect: two " + role + " URIs", 2);
            }
            request = new TargetRequest(null, inventory, byRole.get("console"), byRole.get("power"), byRole.get("serial"), null, null, viewer);
        } else {
            if (args.size() > 1) throw new CommandError(":connect takes one inventory name", 2);
            request = new TargetRequest(args.get(0), inventory, null, null, null, null);
        }
        String where = Repl.where(request);
        if (repl.connect(request, where)) out.info("connected: " + repl.connection().target().description());
        else out.info("still connected to " + repl.connection().target().description());
    }

    private static String roleOf(String uri) {
        String scheme = uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "vnc", "ws", "wss", "screenshot+https", "screenshot+http", "web+https", "web+http" -> "console";
            case "redfish", "redfish+http", "ipmi" -> "power";
            case "sol", "tcp" -> "serial";
            default -> throw new CommandError(":connect: '" + scheme + "://' is not a URI Vaxiin knows (vnc, ws, wss, screenshot+https, screenshot+http, web+https, web+http, redfish, ipmi, sol, tcp)", 2);
        };
    }

    /** A URI as the recording's header may show it: without its user information. */
    static String withoutSecret(String uri) {
        // The user part may hold a file: path with slashes (user:file:/run/pw@host): cut at its last '@'.
        int scheme = uri.indexOf("://");
        int query = uri.indexOf('?');
        int at = uri.lastIndexOf('@', query < 0 ? uri.length() - 1 : query);
        if (scheme > 0 && at > scheme) uri = uri.substring(0, scheme + 3) + uri.substring(at + 1);
        try {
            URI u = new URI(uri);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getPath() == null ? "" : u.getPath());
        } catch (URISyntaxException e) {
            return uri.replaceFirst("//[^@/]*@", "//");
        }
    }

    /** The servers of the inventory file, for completion (none when it cannot be read). */
    static List<String> inventoryNames(Path inventory) {
        Path file = inventory != null ? inventory : Path.of("inventory.yaml");
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return List.copyOf(Inventory.load(file).servers().keySet());
        } catch (InventoryException e) {
            return List.of();
        }
    }

    // ---- recording ------------------------------------------------------------------------

    private void record(List<String> args) {
        Recorder recorder = repl.recorder();
        String what = args.isEmpty() ? "start" : args.get(0);
        switch (what) {
            case "start" -> {
                if (!recorder.start(repl.connection().where())) {
                    throw new CommandError(":record: already recording (" + recorder.recording().orElseThrow().steps().size()
                            + " steps); :record stop forgets them, :save writes them", 2);
                }
                out.info("recording: each thing you do is kept with the screen it answered; :save FILE.groovy writes the script");
            }
            case "show" -> out.info(script(recording(), "recorded.groovy"));
            case "undo" -> {
                Step dropped = recorder.undo().orElseThrow(() -> new CommandError(":record undo: nothing recorded to drop", 2));
                out.info("dropped: " + dropped.source());
            }
            case "stop" -> {
                recording();
                recorder.stop();
                out.info("recording stopped; what was recorded is forgotten");
            }
            default -> throw new CommandError(":record takes show, undo or stop, not '" + what + "'", 2);
        }
    }

    private Recording recording() {
        return repl.recording().orElseThrow(() -> new CommandError("not recording (:record starts)", 2));
    }

    /** The script of the recording, with the screen now as its end when no done was typed. */
    private String script(Recording recorded, String name) {
        Recording copy = new Recording(recorded.where(), recorded.started());
        recorded.steps().forEach(copy::add);
        if (recorded.steps().stream().noneMatch(s -> s.kind() == Step.Kind.DONE || s.kind() == Step.Kind.FAIL)) {
            Session s = repl.connection().session();
            Recorder.Seen now = repl.recorder().look(s, s.screen() == null);
            copy.add(new Step(Step.Kind.DONE, null, now.console(), now.lines(), Instant.now()));
        }
        return ScriptWriter.write(copy, name, Instant.now());
    }

    private void save(List<String> args) {
        if (args.size() != 1) throw new CommandError(":save needs one file: :save fsck-fix.groovy", 2);
        Recording recorded = recording();
        if (recorded.isEmpty()) throw new CommandError(":save: nothing recorded yet (answer the console, then :save)", 2);
        Path file = Path.of(args.get(0).endsWith(".groovy") ? args.get(0) : args.get(0) + ".groovy");
        String text = script(recorded, file.getFileName().toString());
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, out.mask(text), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandError(":save: cannot write " + file + ": " + e.getMessage(), 2);
        }
        try {
            repl.compiler().compile(file);
        } catch (ScriptErrors e) {
            for (ScriptError error : e.errors()) out.error(error.toString());
            throw new CommandError(":save: wrote " + file + ", but vaxiin check finds " + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + " in it: edit it, or :record undo and save again", 2);
        }
        long rules = text.lines().filter(l -> l.startsWith("when ")).count();
        out.info("saved " + file + ": " + rules + " rule" + (rules == 1 ? "" : "s") + " from " + recorded.steps().size()
                + " recorded step" + (recorded.steps().size() == 1 ? "" : "s") + "; vaxiin check: OK");
        repl.log().note("saved the recording as " + file);
    }

    // ---- help -----------------------------------------------------------------------------

    private void help(List<String> args) {
        if (args.size() > 1) throw new CommandError(":help takes one word or command", 2);
        String text = args.isEmpty() ? Help.WORDS.overview() : Help.WORDS.help(args.get(0));
        text.stripTrailing().lines().forEach(out::info);
    }

    /** Help from the DSL words' own Javadoc (one source), and the commands above; read on the first :help. */
    private static final class Help {
        static final WordHelp WORDS = new WordHelp(COMMANDS);
    }

    // ---- small things ---------------------------------------------------------------------

    /** The lines without the blank ones at the end, and without trailing spaces. */
    static List<String> trimmed(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) end--;
        return lines.subList(0, end).stream().map(String::stripTrailing).toList();
    }

    private static Duration duration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.trim());
        if (!m.matches()) throw new CommandError("'" + s + "' is not a duration (write 30s, 2m, 1h or 500ms)", 2);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
