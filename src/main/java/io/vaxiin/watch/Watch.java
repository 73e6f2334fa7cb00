package io.vaxiin.watch;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.Probe;
import io.vaxiin.engine.RunResult;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetException;
import io.vaxiin.target.TargetRequest;
import io.vaxiin.target.Targets;
import io.vaxiin.vision.ConsoleReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Watch mode over a fleet: for each server of the inventory (those {@code --select} and
 * {@code --shard} keep), look at its consoles, run the script that applies, retry a failed
 * recovery with exponential backoff, and leave a server it cannot recover for a person. Every
 * step goes to the audit log and, one line each, to the output.
 */
public final class Watch {

    /** Where a server stands after a pass. */
    public enum State { HEALTHY, RECOVERED, UNKNOWN, NEEDS_PERSON, FLAPPING, UNREACHABLE }

    /**
     * What the command line asked for.
     *
     * @param look       how long one look at a server lasts: a script that applies within it is run
     * @param retries    how many times a failed recovery is tried again before the server is left for a person
     * @param backoff    the wait before the first retry; each later one waits twice as long
     * @param select     labels a server must have (all of them)
     * @param shard      this process's shard (0-based), of {@code shards}
     * @param fonts      the fonts beside the scripts, and those the fleet's consoles learn: what one server's console taught, the others read in
     */
    public record Options(Path inventory, List<CompiledScript> scripts, Map<CompiledScript, List<String>> sources, Path out,
                          Duration look, int maxParallel, int retries, Duration backoff, Map<String, String> select,
                          int shard, int shards, Path vendors, Path home, io.vaxiin.vision.FontLibrary fonts) {}

    private final Options options;
    private final ScriptCompiler compiler;
    private final Redactor redactor;
    private final Audit audit;
    private final PrintStream out;
    private final PrintStream err;
    /** The recoveries an earlier watch left in flight (it was killed), by server: from the audit log. */
    private final Map<String, Map<String, Object>> inFlight;
    /** The recoveries running now, by server, with their target: what a stop waits for, then abandons. */
    private final Map<String, Target> recovering = new java.util.concurrent.ConcurrentHashMap<>();
    /** The servers whose recovery a stop abandoned (each said once). */
    private final java.util.Set<String> abandoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private final Notifier notifier;
    private final Flapping flapping;
    private final FleetView fleet;
    private final Metrics metrics;
    private final java.util.concurrent.Semaphore slots;
    /** The vendor profiles servers are recognised by (null when there are none to read). */
    private final io.vaxiin.vendor.VendorProfiles profiles;
    /** Per profile with a {@code watch.maxRecoveries}: the recoveries of its BMCs that may still start. */
    private final Map<String, java.util.concurrent.Semaphore> vendorSlots = new java.util.concurrent.ConcurrentHashMap<>();

    public Watch(Options options, ScriptCompiler compiler, Redactor redactor, Audit audit, PrintStream out, PrintStream err,
                 List<Map<String, Object>> history, Notifier notifier, FleetView fleet, Metrics metrics) {
        this.notifier = notifier;
        this.fleet = fleet;
        this.metrics = metrics;
        this.inFlight = new java.util.concurrent.ConcurrentHashMap<>(inFlight(history));
        this.flapping = Flapping.from(history, java.time.Instant.now());
        this.options = options;
        this.slots = new java.util.concurrent.Semaphore(Math.max(1, options.maxParallel()));
        // read once for the fleet (the command has said what is wrong with a folder that cannot be read)
        this.profiles = options.vendors() == null || !Files.isDirectory(options.vendors()) ? null
                : io.vaxiin.vendor.VendorProfiles.load(options.vendors());
        this.compiler = compiler;
        this.redactor = redactor;
        this.audit = audit;
        this.out = out;
        this.err = err;
    }

    /**
     * The recoveries the audit log shows started and never ended (the watch that started them was
     * killed, or its machine died): the last {@code started} event of each such server.
     */
    public static Map<String, Map<String, Object>> inFlight(List<Map<String, Object>> events) {
        Map<String, Map<String, Object>> open = new LinkedHashMap<>();
        for (Map<String, Object> e : events) {
            String server = String.valueOf(e.get("server"));
            switch (String.valueOf(e.get("event"))) {
                case "started" -> open.put(server, e);
                case "ended", "abandoned", "gave-up", "recovered", "healthy" -> open.remove(server);
                default -> { }
            }
        }
        return open;
    }

    /**
     * Stops taking new work (SIGINT, SIGTERM): waits up to {@code grace} for the recoveries that
     * are running to end, then abandons the others (their connections closed, which logs out of
     * the BMC and deactivates SOL) and says which in the audit log.
     */
    public void stop(Duration grace) {
        stopping = true;
        stopped.countDown();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!recovering.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        for (Map.Entry<String, Target> e : recovering.entrySet()) {
            if (!abandoned.add(e.getKey())) continue;
            event(e.getKey(), "abandoned", "abandoned: the watch was stopped and the recovery did not end within "
                    + io.vaxiin.dsl.DurationExtension.describe(grace) + "; its connections are closed", "why", "stopped");
            e.getValue().close();
        }
    }

    /** The event kinds a webhook may be given for ({@code --notify KIND=URL}). */
    public static final java.util.Set<String> NOTIFY_KINDS = Notifier.KINDS;

    /** A notifier for {@code hooks} (kind to URL): each call bounded by {@code timeout}, tried 3 times, 1 s then 2 s apart. */
    public static Notifier notifier(Map<String, String> hooks, Duration timeout) {
        return new Notifier(hooks, timeout, 3, Duration.ofSeconds(1));
    }

    /** The servers of the inventory this process watches, in the inventory's order. */
    public static List<Inventory.Server> selected(Inventory inventory, Map<String, String> select, int shard, int shards) {
        List<Inventory.Server> servers = new ArrayList<>();
        for (Inventory.Server s : inventory.servers().values()) {
            boolean labelled = select.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())));
            if (labelled && Shards.of(s.name(), shards) == shard) servers.add(s);
        }
        return servers;
    }

    /**
     * Watches until {@link #stop}: each server on its own thread, its console connection kept
     * open, its scripts' rules judged on each new screen (and at least every {@code interval});
     * a server with a {@code health:} check is checked every {@code interval}, and its consoles
     * are looked at only when the check fails. At most {@code --max-parallel} recoveries run at
     * once. A server left for a person (or flapping) is not looked at again until the watch is
     * started anew.
     */
    public void watch(List<Inventory.Server> servers, Duration interval) throws InterruptedException {
        for (Inventory.Server s : servers) {
            Thread t = new Thread(() -> keep(s, interval), "watch " + s.name());
            t.setDaemon(true);
            t.start();
        }
        stopped.await();
    }

    /** One server's continuous watch: looks, each time what it shows changes, until it is left for a person or the watch stops. */
    private void keep(Inventory.Server server, Duration interval) {
        try (Kept kept = new Kept(true)) {
            while (!stopping) {
                State state;
                try {
                    state = server(server, kept);
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    // this server's watch ends, said so; the others go on
                    kept.disconnect();
                    event(server.name(), "gave-up", "needs a person: the watch of this server stopped on an error: " + e,
                            "why", String.valueOf(e));
                    return;
                }
                kept.last = state;
                if (state == State.NEEDS_PERSON || state == State.FLAPPING) return;
                if (kept.polls() && kept.open()) {
                    if (!kept.pollingSaid) {
                        kept.pollingSaid = true;
                        event(server.name(), "polling", "polling: its profile " + kept.profile.name() + " says watch.look: poll, so its console is"
                                + " opened every " + io.vaxiin.dsl.DurationExtension.describe(interval) + " and closed after each look",
                                "profile", kept.profile.name());
                    }
                    kept.disconnect(); // a BMC with few console sessions: one is not held between looks
                }
                long until = System.nanoTime() + interval.toNanos();
                while (!stopping && System.nanoTime() < until) {
                    Duration step = Duration.ofNanos(Math.min(until - System.nanoTime(), Duration.ofSeconds(1).toNanos()));
                    if (step.isNegative()) break;
                    if (kept.open() && server.health() == null) {
                        long now;
                        try {
                            now = kept.look.awaitChange(kept.seen, step);
                        } catch (RuntimeException e) {
                            break; // the connection failed: the next look says so, and connects again
                        }
                        if (now > kept.seen) break;
                    } else if (stopped.await(step.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pass over the fleet; returns each server's state once every recovery it started has ended. */
    public Map<String, State> once(List<Inventory.Server> servers) throws InterruptedException {
        Map<String, State> states = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.maxParallel()), r -> {
            Thread t = new Thread(r, "watch");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<State>> running = new LinkedHashMap<>();
            for (Inventory.Server s : servers) {
                running.put(s.name(), pool.submit(() -> {
                    try (Kept kept = new Kept(false)) {
                        return server(s, kept);
                    }
                }));
            }
            for (Map.Entry<String, Future<State>> e : running.entrySet()) {
                try {
                    states.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    Throwable why = ex.getCause();
                    event(e.getKey(), "gave-up", "the watch of this server stopped on an error: " + why, "why", String.valueOf(why));
                    states.put(e.getKey(), State.NEEDS_PERSON);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return states;
    }

    /**
     * Looks at one server through {@code kept} (opening its connection when it is not open),
     * recovers it if a script applies, and says where it stands. A continuous watch's look judges
     * only what the server shows now (the next screen brings the next look) and says a state
     * only when it changed.
     */
    private State server(Inventory.Server server, Kept kept) throws InterruptedException {
        String name = server.name();
        if (stopping) return State.NEEDS_PERSON;
        String health = server.health();
        if (health != null && !health.equals("redfish") && !inFlight.containsKey(name)) {
            Health.Result r = Health.check(health, null);
            if (r.passed()) {
                kept.close();
                if (!kept.repeats(State.HEALTHY)) {
                    event(name, "healthy", "healthy: " + r.said() + " (the consoles were not looked at)", "health", r.said());
                }
                return State.HEALTHY;
            }
            event(name, "health-failed", r.said() + ": looking at the consoles", "health", r.said());
        }
        Map<String, Object> interrupted = inFlight.remove(name);
        if (interrupted != null) {
            event(name, "interrupted", "a recovery with " + interrupted.get("script") + " was in flight when the last watch stopped"
                    + " (run folder " + interrupted.get("folder") + "): looking again before doing anything",
                    "script", interrupted.get("script"), "folder", interrupted.get("folder"), "since", interrupted.get("time"));
        }
        if (kept.repeats(State.HEALTHY) || kept.repeats(State.UNKNOWN)) metrics.looked();
        else event(name, "looking", "looking");
        if (!kept.open()) {
            try {
                RunLog quiet = new RunLog() {
                    @Override public void step(String text) { }
                    @Override public void warn(String text) { event(name, "warning", text, "text", text); }
                };
                kept.target = Targets.open(new TargetRequest(name, options.inventory(), null, null, null, null),
                        new Targets.Context(quiet, redactor, err, Targets.CONNECT_DEADLINE, null, options.vendors()));
            } catch (TargetException | ConnectorException e) {
                if (!kept.repeats(State.UNREACHABLE)) event(name, "unreachable", e.getMessage(), "why", e.getMessage());
                return State.UNREACHABLE;
            }
        }
        try {
            return judge(server, kept, interrupted);
        } catch (ConnectorException e) {
            kept.close();
            if (!kept.repeats(State.UNREACHABLE)) event(name, "unreachable", e.getMessage(), "why", e.getMessage());
            return State.UNREACHABLE;
        }
    }

    /** Judges the scripts on what the open {@code kept} server shows, and runs the one that applies (retried as the options say). */
    private State judge(Inventory.Server server, Kept kept, Map<String, Object> interrupted) throws InterruptedException {
        String name = server.name();
        String health = server.health();
        Target target = kept.target;
        if ("redfish".equals(health) && interrupted == null) {
            Health.Result r = Health.check(health, target.power());
            if (r.passed()) {
                if (!kept.repeats(State.HEALTHY)) {
                    event(name, "healthy", "healthy: " + r.said() + " (the consoles were not looked at)", "health", r.said());
                }
                return State.HEALTHY;
            }
            event(name, "health-failed", r.said() + ": looking at the consoles", "health", r.said());
        }
        if (kept.look == null) {
            io.vaxiin.vendor.VendorProfile profile = profiles == null ? null
                    : io.vaxiin.vendor.TargetProfile.of(target, profiles, server.profile()).profile();
            kept.profile = profile;
            kept.facts = profile == null ? target.facts() : target.facts().withKeys(profile.keys());
            kept.reader = new ConsoleReader(options.fonts());
            kept.look = Look.probe(target, options.scripts(), kept.facts, Map.of(), new Probe(compiler), kept.reader, redactor);
        }
        kept.seen = kept.look.version();
        String last = interrupted == null ? null : String.valueOf(interrupted.get("script"));
        boolean ranHere = false;
        for (int tries = interrupted == null ? 0 : 1; ; ) {
            // a continuous watch judges the screen of now (each new one brings a look); after a recovery, and for --once, a look lasts --look
            Duration window = kept.continuous && tries == 0 ? Duration.ZERO : options.look();
            Look.Verdict verdict = kept.look.verdict(window);
            if (window.isZero() && !verdict.applies() && verdict.passive() == null && !kept.repeats(State.UNKNOWN)) {
                // a screen no rule knows (a boot passing by) is unknown only if it stays so for a whole look
                verdict = kept.look.verdict(options.look());
            }
            if (!verdict.applies() && tries == 0 && verdict.passive() != null) {
                if (!kept.repeats(State.HEALTHY)) {
                    event(name, "healthy", "healthy: " + verdict.passive().source() + " (" + verdict.passive().file() + ", line "
                            + verdict.passive().line() + ") holds, and no script applies", "screen", verdict.screen(),
                            "rule", verdict.passive().source());
                }
                return State.HEALTHY;
            }
            if (!verdict.applies() && tries == 0) {
                if (!kept.repeats(State.UNKNOWN)) {
                    event(name, "unknown", "unknown: no script applies, and no rule of theirs knows this screen; nothing was done",
                            "screen", verdict.screen());
                }
                return State.UNKNOWN;
            }
            if (!verdict.applies() && interrupted != null && !ranHere && verdict.passive() != null) {
                // what the interrupted recovery did took effect: nothing of it is done again
                conclude(name, "recovered", "recovered: no script applies now; what the interrupted " + last
                        + " did was not repeated", "script", last, "screen", verdict.screen());
                return State.RECOVERED;
            }
            if (!verdict.applies() && verdict.passive() != null) {
                // the server came back by itself after the failed recovery: no script applies, and a healthy screen shows
                event(name, "healthy", "healthy again: " + verdict.passive().source() + " holds after " + last + " failed",
                        "screen", verdict.screen(), "rule", verdict.passive().source());
                return State.HEALTHY;
            }
            if (!verdict.applies()) {
                // a recovery failed, and no script knows what the screen shows now: not healthy, unknown
                conclude(name, "gave-up", "needs a person: " + last + " failed, and no script applies to what the screen shows now",
                        "script", last, "screen", verdict.screen());
                return State.NEEDS_PERSON;
            }
            if (stopping) {
                event(name, "stopped", "not started: the watch is stopping", "script", verdict.script().name());
                return State.NEEDS_PERSON;
            }
            event(name, "matched", verdict.script().name() + ": rule '" + verdict.rule().source() + "' ("
                            + verdict.rule().file() + ", line " + verdict.rule().line() + ") holds",
                    "script", verdict.script().name(), "rule", verdict.rule().source(), "line", verdict.rule().line(),
                    "screen", verdict.screen());
            RunResult result;
            java.util.concurrent.Semaphore vendor = vendorSlot(kept.profile);
            if (vendor != null && !vendor.tryAcquire()) {
                event(name, "waiting", "waiting: " + kept.profile.watching().maxRecoveries() + " recoveries of " + kept.profile.title()
                        + " BMCs are running (the most its profile " + kept.profile.name() + " allows, watch.maxRecoveries)",
                        "script", verdict.script().name(), "profile", kept.profile.name());
                vendor.acquire();
            }
            try {
                // at most --max-parallel recoveries at once (a continuous watch looks at every server at once)
                if (!slots.tryAcquire()) {
                    event(name, "waiting", "waiting: " + options.maxParallel() + " recoveries are running (--max-parallel)",
                            "script", verdict.script().name());
                    slots.acquire();
                }
                try {
                    if (stopping) {
                        event(name, "stopped", "not started: the watch is stopping", "script", verdict.script().name());
                        return State.NEEDS_PERSON;
                    }
                    result = recover(name, target, kept.facts, verdict.script(), tries);
                } finally {
                    slots.release();
                }
            } finally {
                if (vendor != null) vendor.release();
            }
            ranHere = true;
            tries++;
            last = verdict.script().name();
            if (result == null) return State.NEEDS_PERSON;
            if (result.outcome() == RunResult.Outcome.RECOVERED) {
                conclude(name, "recovered", "recovered by " + verdict.script().name() + ": " + result.message(),
                        "script", verdict.script().name());
                if (flapping.recovered(name, verdict.script().name(), java.time.Instant.now())) {
                    conclude(name, "flapping", "flapping: " + verdict.script().name() + " recovered it " + Flapping.LIMIT
                            + " times within " + io.vaxiin.dsl.DurationExtension.describe(Flapping.WINDOW)
                            + "; left for a person, whatever breaks it is not what the script mends", "script", verdict.script().name());
                    return State.FLAPPING;
                }
                return State.RECOVERED;
            }
            if (tries > options.retries()) {
                conclude(name, "gave-up", "needs a person: " + verdict.script().name() + " did not recover it in " + tries
                        + (tries == 1 ? " try" : " tries") + " (last: " + result.headline() + ")",
                        "script", verdict.script().name(), "screen", result.lastScreen() == null ? null : result.lastScreen().text());
                return State.NEEDS_PERSON;
            }
            if (stopping) return State.NEEDS_PERSON; // no retry once the watch is stopping
            Duration wait = options.backoff().multipliedBy(1L << Math.min(20, tries - 1));
            event(name, "retrying", "retrying in " + io.vaxiin.dsl.DurationExtension.describe(wait) + ", after looking again",
                    "tries", tries);
            Thread.sleep(wait.toMillis());
        }
    }

    /** The recoveries of {@code profile}'s BMCs that may start, or null when its profile sets no limit. */
    private java.util.concurrent.Semaphore vendorSlot(io.vaxiin.vendor.VendorProfile profile) {
        if (profile == null || profile.watching().maxRecoveries() == 0) return null;
        return vendorSlots.computeIfAbsent(profile.name(), n -> new java.util.concurrent.Semaphore(profile.watching().maxRecoveries()));
    }

    /** Runs {@code script} on the server; null when its folder cannot be written. */
    private RunResult recover(String name, Target target, ServerFacts facts, CompiledScript script, int attempt) {
        Path folder = options.out().resolve(name).resolve(script.name().replaceFirst("\\.groovy$", "") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (attempt == 0 ? "" : "-" + attempt));
        // running before it is said to have started: a stop that comes in between waits for it, and abandons it
        recovering.put(name, target);
        event(name, "started", "started " + script.name() + " (run folder " + folder + ")", "script", script.name(), "folder", folder.toString());
        RunLog also = new RunLog() {
            @Override public void step(String text) { event(name, "step", text, "script", script.name(), "text", text); }
            @Override public void warn(String text) { event(name, "warning", text, "script", script.name(), "text", text); }
        };
        fleet.screen(name, "", () -> livePicture(target));
        long started = System.nanoTime();
        try {
            Recovery.Ended ended = Recovery.run(script, options.sources().get(script), target, facts, Map.of(), folder, compiler, redactor, also,
                    options.fonts());
            RunResult r = ended.result();
            metrics.recoveryEnded(script.name(), r.outcome().name().toLowerCase(), (System.nanoTime() - started) / 1e9);
            Path last = folder.resolve("last-screen.png");
            if (Files.exists(last)) {
                fleet.screen(name, r.lastScreen() == null ? "" : r.lastScreen().text(), FleetView.file(last));
            }
            event(name, "ended", r.outcome().name().toLowerCase() + ": " + r.headline(), "script", script.name(),
                    "outcome", r.outcome().name().toLowerCase(), "message", r.message(), "location", r.location(),
                    "folder", folder.toString(), "screen", r.lastScreen() == null ? null : r.lastScreen().text());
            if (stopping && r.outcome() != RunResult.Outcome.RECOVERED && abandoned.add(name)) {
                // the stop ended it (its connections closed on the way out): said as what it is
                event(name, "abandoned", "abandoned: the watch was stopped while the recovery ran (" + r.headline() + ")", "why", "stopped");
            }
            return r;
        } catch (IOException e) {
            event(name, "gave-up", "cannot write the run folder " + folder + ": " + e.getMessage(), "why", e.getMessage());
            return null;
        } finally {
            recovering.remove(name);
        }
    }

    /**
     * An event that concludes a server's watch (recovered, gave up): logged, and sent to the
     * webhook of its kind, if there is one; whether that got through is an event too.
     */
    private void conclude(String server, String kind, String line, Object... fields) throws InterruptedException {
        event(server, kind, line, fields);
        if (notifier == null) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("server", server);
        body.put("message", redactor.mask(line));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i].equals("script") && fields[i + 1] != null) body.put("script", fields[i + 1]);
        }
        Notifier.Outcome o = notifier.send(kind, body);
        if (o == null) return;
        if (o.delivered()) {
            event(server, "notified", "told " + o.url() + " (" + kind + ", " + o.why() + ", try " + o.tries() + ")",
                    "url", o.url(), "kind", kind, "tries", o.tries());
        } else {
            event(server, "notify-failed", "could not tell " + o.url() + " (" + kind + ") in " + o.tries() + " tries: " + o.why(),
                    "url", o.url(), "kind", kind, "tries", o.tries(), "why", o.why());
        }
    }

    /** One event: to the audit log (with its fields), the live page and the metrics, and as one line of the output. */
    private void event(String server, String kind, String line, Object... fields) {
        audit.event(server, kind, fields);
        String shown = redactor.mask(line.lines().findFirst().orElse(""));
        fleet.event(java.time.Instant.now(), server, kind, shown);
        switch (kind) {
            case "looking" -> metrics.looked();
            case "step" -> metrics.step(line);
            case "unreachable" -> metrics.connectorError(line.contains(" at ") ? line.substring(0, line.indexOf(" at ")) : "unknown", "unreachable");
            default -> { }
        }
        synchronized (out) {
            out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + "  " + server + "  "
                    + redactor.mask(line.lines().findFirst().orElse("")));
            out.flush();
        }
    }

    /** The screen a recovery is working on now, as PNG (with its secrets covered), or null when it cannot be had. */
    private byte[] livePicture(Target target) {
        try (ConsoleReader reader = new ConsoleReader(options.fonts())) {
            if (target.console() == null) return null;
            java.awt.image.BufferedImage image = target.console().frame(Duration.ofSeconds(2)).image();
            java.awt.image.BufferedImage shown = io.vaxiin.dsl.SecretCover.covered(image, reader.read(image), redactor);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(shown, "png", out);
            return out.toByteArray();
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /** Reads a script's lines for its report. */
    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
