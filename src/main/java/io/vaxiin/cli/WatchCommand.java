package io.vaxiin.cli;

import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.ScriptErrors;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.inventory.InventoryException;
import io.vaxiin.watch.Audit;
import io.vaxiin.watch.Watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code vaxiin watch --inventory F --scripts DIR --once}: one pass over the fleet (see
 * {@link Watch}); exit 0 when every server is healthy or was recovered, 1 otherwise.
 */
final class WatchCommand {

    private WatchCommand() {}

    static int run(List<String> argv, Cli cli) {
        Args args = new Args("watch", argv, Set.of("--inventory", "--scripts", "--max-parallel", "--select", "--audit", "--shard",
                "--look", "--retries", "--backoff", "--out", "--http", "--grace", "--notify", "--notify-timeout", "--interval"), Set.of("--once"));
        if (!args.positional().isEmpty()) throw new UsageException("watch: unexpected argument '" + args.positional().get(0) + "'");
        if (args.option("--inventory") == null) throw new UsageException("watch: give the fleet with --inventory FILE");
        if (args.option("--scripts") == null) throw new UsageException("watch: give the recovery scripts with --scripts DIR");
        int[] shard = shard(args.option("--shard"));
        Path inventoryFile = Path.of(args.option("--inventory"));
        Inventory inventory;
        try {
            inventory = Inventory.load(inventoryFile);
        } catch (InventoryException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            // the profiles say per vendor how many recoveries at once and whether to poll: a wrong one is said before any watching
            if (Files.isDirectory(TargetOptions.vendors(cli))) io.vaxiin.vendor.VendorProfiles.load(TargetOptions.vendors(cli));
        } catch (io.vaxiin.vendor.VendorProfileException e) {
            throw new UsageException("watch: " + e.getMessage());
        }
        Path dir = Path.of(args.option("--scripts"));
        if (!Files.isDirectory(dir)) throw new UsageException("watch: --scripts " + dir + " is not a folder");
        ScriptCompiler compiler = cli.compiler();
        List<CompiledScript> scripts = new ArrayList<>();
        Map<CompiledScript, List<String>> sources = new HashMap<>();
        int broken = 0;
        for (Path file : scriptFiles(dir)) {
            try {
                CompiledScript s = compiler.compile(file);
                scripts.add(s);
                sources.put(s, Watch.lines(file));
            } catch (ScriptErrors e) {
                for (ScriptError error : e.errors()) cli.err().println(error);
                broken++;
            } catch (IOException e) {
                throw new UsageException("watch: cannot read " + file + ": " + e.getMessage());
            }
        }
        if (broken > 0) {
            cli.err().println("watch: " + broken + " script" + (broken == 1 ? "" : "s") + " of " + dir + " do not compile; nothing was watched");
            return 2;
        }
        if (scripts.isEmpty()) throw new UsageException("watch: " + dir + " holds no .groovy script");
        io.vaxiin.vision.FontLibrary fonts;
        try {
            fonts = io.vaxiin.engine.LearntFonts.inFolder(dir);
        } catch (IOException e) {
            cli.err().println("vaxiin: watch: " + e.getMessage() + "; nothing was watched");
            return 2;
        }
        Map<String, String> select = new LinkedHashMap<>();
        for (String s : args.options("--select")) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UsageException("watch: --select takes LABEL=VALUE, not '" + s + "'");
            select.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Path out = args.option("--out") != null ? Path.of(args.option("--out"))
                : Path.of("vaxiin-watch", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path auditFile = args.option("--audit") != null ? Path.of(args.option("--audit")) : out.resolve("audit.jsonl");
        Watch.Options options = new Watch.Options(inventoryFile, scripts, sources, out,
                duration(args, "--look", Duration.ofSeconds(20)), positive(args, "--max-parallel", 8), count(args, "--retries", 2),
                duration(args, "--backoff", Duration.ofSeconds(5)), select, shard[0], shard[1], TargetOptions.vendors(cli), cli.home(), fonts);
        List<Inventory.Server> servers = Watch.selected(inventory, select, shard[0], shard[1]);
        Duration grace = duration(args, "--grace", Duration.ofSeconds(30));
        Map<String, String> hooks = new LinkedHashMap<>();
        for (String n : args.options("--notify")) {
            int eq = n.indexOf('=');
            String kind = eq <= 0 ? "" : n.substring(0, eq);
            if (!io.vaxiin.watch.Watch.NOTIFY_KINDS.contains(kind) || !n.substring(eq + 1).matches("https?://.+")) {
                throw new UsageException("watch: --notify takes KIND=URL, KIND one of " + String.join(", ", new java.util.TreeSet<>(io.vaxiin.watch.Watch.NOTIFY_KINDS))
                        + " and URL http(s)://…, not '" + n + "'");
            }
            hooks.put(kind, n.substring(eq + 1));
        }
        List<Map<String, Object>> history;
        try {
            history = Files.exists(auditFile) ? Audit.read(auditFile, null) : List.of();
        } catch (IOException e) {
            throw new UsageException("watch: cannot read the audit log " + auditFile + ": " + e.getMessage());
        }
        try (Audit audit = Audit.open(auditFile, cli.redactor(), Clock.systemUTC())) {
            boolean once = args.flag("--once");
            Duration interval = duration(args, "--interval", Duration.ofSeconds(60));
            cli.out().println("vaxiin watch: " + servers.size() + " of " + inventory.servers().size() + " servers, " + scripts.size()
                    + " script" + (scripts.size() == 1 ? "" : "s") + ", " + (once ? "one pass" : "a pass every "
                    + io.vaxiin.dsl.DurationExtension.describe(interval) + " until stopped")
                    + " (audit log " + auditFile + ", run folders in " + out + ")");
            io.vaxiin.watch.Metrics metrics = new io.vaxiin.watch.Metrics();
            io.vaxiin.watch.FleetView fleet = new io.vaxiin.watch.FleetView(servers.stream().map(Inventory.Server::name).toList(), metrics);
            Watch watch = new Watch(options, compiler, cli.redactor(), audit, cli.out(), cli.err(), history,
                    hooks.isEmpty() ? null : Watch.notifier(hooks, duration(args, "--notify-timeout", Duration.ofSeconds(10))),
                    fleet, metrics);
            io.vaxiin.watch.FleetPage page = null;
            if (args.option("--http") != null) {
                String[] hostPort = hostPort(args.option("--http"));
                page = io.vaxiin.watch.FleetPage.start(hostPort[0], Integer.parseInt(hostPort[1]), fleet, metrics);
                cli.out().println("vaxiin watch: the fleet page is http://" + hostPort[0] + ":" + page.port() + "/ and its metrics http://"
                        + hostPort[0] + ":" + page.port() + "/metrics");
            }
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread onStop = new Thread(() -> {
                if (done.get()) return;
                cli.interruptionReported.set(true);
                cli.err().println("vaxiin: watch: stopping: no new recovery starts; running ones have "
                        + io.vaxiin.dsl.DurationExtension.describe(grace) + " to end (the audit log says which were abandoned)");
                watch.stop(grace);
            }, "watch stop");
            Runtime.getRuntime().addShutdownHook(onStop);
            Map<String, Watch.State> states;
            try {
                if (!once) {
                    watch.watch(servers, interval);
                    return 0;
                }
                states = watch.once(servers);
            } finally {
                if (page != null) page.close();
                done.set(true);
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down: the hook is running
                }
            }
            Map<Watch.State, Integer> counts = new LinkedHashMap<>();
            for (Watch.State s : Watch.State.values()) counts.put(s, 0);
            states.values().forEach(s -> counts.merge(s, 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            counts.forEach((s, n) -> parts.add(n + " " + s.name().toLowerCase().replace('_', ' ')));
            cli.out().println("vaxiin watch: " + String.join(", ", parts));
            return counts.get(Watch.State.HEALTHY) + counts.get(Watch.State.RECOVERED) == states.size() ? 0 : 1;
        } catch (UncheckedIOException e) {
            throw new UsageException("watch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The scripts of a watch folder: its .groovy files and those of its subfolders, but not lib/ (libraries). */
    static List<Path> scriptFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".groovy") && Files.isRegularFile(p))
                    .filter(p -> !dir.relativize(p).startsWith("lib")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("watch: cannot read " + dir + ": " + e.getMessage());
        }
    }

    /** {@code --http HOST:PORT} (PORT 0: any free one). */
    static String[] hostPort(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\w.-]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})").matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new UsageException("watch: --http takes HOST:PORT (127.0.0.1:9180; port 0 for any free one), not '" + value + "'");
        }
        return new String[]{m.group(1), m.group(2)};
    }

    /** {@code --shard K/N}: K of 0 … N-1; without it, 0/1 (every server). */
    static int[] shard(String value) {
        if (value == null) return new int[]{0, 1};
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(value);
        if (!m.matches()) throw new UsageException("watch: --shard takes K/N (this process's shard of N, counted from 0), not '" + value + "'");
        int k = Integer.parseInt(m.group(1)), n = Integer.parseInt(m.group(2));
        if (n < 1 || k >= n) throw new UsageException("watch: --shard " + value + ": K is 0 … N-1 and N at least 1");
        return new int[]{k, n};
    }

    private static Duration duration(Args args, String option, Duration otherwise) {
        return args.option(option) == null ? otherwise : Commands.parseDuration(args.option(option));
    }

    private static int count(Args args, String option, int otherwise) {
        if (args.option(option) == null) return otherwise;
        try {
            int n = Integer.parseInt(args.option(option));
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new UsageException("watch: " + option + " takes a number (0 or more), not '" + args.option(option) + "'");
    }

    private static int positive(Args args, String option, int otherwise) {
        int n = count(args, option, otherwise);
        if (n < 1) throw new UsageException("watch: " + option + " takes a number of 1 or more");
        return n;
    }
}
