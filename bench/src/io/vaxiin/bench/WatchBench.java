package io.vaxiin.bench;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.LibraryPath;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.watch.Audit;
import io.vaxiin.watch.FleetView;
import io.vaxiin.watch.Metrics;
import io.vaxiin.watch.Watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Watch mode at fleet scale: {@code bin/bench watch [SERVERS] [BROKEN_PERCENT] [BREAK_WINDOW_SECONDS] [SHARDS]}
 * (default 1000 5 60 4).
 *
 * <p>A {@link FleetHost} process serves SERVERS healthy simulated machines on loopback, each with
 * its own RFB console and Redfish BMC. This process (run with a 4 GiB heap) watches all of them
 * at once, as {@code vaxiin watch} does, with the unmodified example scripts; once every one is
 * healthy it measures the heap per watched server and the CPU of a healthy fleet, then breaks
 * BROKEN_PERCENT of them (fsck, kernel panic, no boot device, POST key, blue screen in turn) at
 * random times within the window and measures, from the audit log, the time from each break to
 * its recovery starting and to its end. The fleet then tells what was done to each machine: a
 * healthy one must have had no key, power or boot action. Last, SHARDS {@code vaxiin watch --once
 * --shard K/SHARDS} processes over the same inventory must look at every server exactly once;
 * their pass (connect, probe, look, per server) is the baseline for the kept connection's.
 */
public final class WatchBench {

    private static final List<String> FAULTS = List.of("fsck", "kernel-panic", "no-boot-device", "post-key", "bsod");

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double percent = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int shards = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path home = Path.of(System.getProperty("vaxiin.home", "."));
        Path dir = Files.createTempDirectory("watch-bench");
        Path scripts = dir.resolve("scripts");
        Files.createDirectories(scripts);
        for (String f : FAULTS) Files.copy(home.resolve("dsl-examples/" + f + ".groovy"), scripts.resolve(f + ".groovy"));
        System.out.printf(Locale.ROOT, "watch bench: %d simulated servers, %.1f%% broken within %d s, %d shards (files in %s)%n",
                size, percent, window, shards, dir);

        long hostStarted = System.nanoTime();
        Process host = new ProcessBuilder("java", "-Xmx" + (512 + size * 8L) + "m", "-Xss256k", "-cp",
                System.getProperty("java.class.path"), FleetHost.class.getName(), String.valueOf(size), dir.toString())
                .redirectError(dir.resolve("fleet-host.err").toFile()).start();
        BufferedReader hostOut = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        Writer hostIn = new java.io.OutputStreamWriter(host.getOutputStream(), StandardCharsets.UTF_8);
        String first = hostOut.readLine();
        if (!"ready".equals(first)) throw new IllegalStateException("the fleet host did not start: " + first + " (see " + dir + "/fleet-host.err)");
        System.out.printf(Locale.ROOT, "fleet host: %d machines up in %.1f s%n", size, (System.nanoTime() - hostStarted) / 1e9);
        Map<String, Long> broke = new ConcurrentHashMap<>();
        Map<String, int[]> acted = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch tallied = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = hostOut.readLine()) != null; ) {
                    String[] w = line.split(" ");
                    if (w[0].equals("broke")) broke.put(w[1], Long.parseLong(w[2]));
                    else if (w[0].equals("acted")) acted.put(w[1], new int[]{Integer.parseInt(w[2]), Integer.parseInt(w[3]), Integer.parseInt(w[4])});
                    else if (w[0].equals("tallied")) tallied.countDown();
                }
            } catch (IOException ignored) {
                // the host ended
            }
        }, "fleet host output");
        reader.setDaemon(true);
        reader.start();

        try {
            run(size, percent, window, shards, home, dir, scripts, hostIn, broke, acted, tallied);
        } finally {
            try {
                hostIn.write("quit\n");
                hostIn.flush();
            } catch (IOException ignored) {
                // already gone
            }
            if (!host.waitFor(20, TimeUnit.SECONDS)) host.destroyForcibly();
        }
    }

    private static void run(int size, double percent, int window, int shards, Path home, Path dir, Path scripts, Writer hostIn,
                            Map<String, Long> broke, Map<String, int[]> acted, java.util.concurrent.CountDownLatch tallied)
            throws Exception {
        Path inventoryFile = dir.resolve("fleet.yaml");
        Inventory inventory = Inventory.load(inventoryFile);
        ScriptCompiler compiler = new ScriptCompiler(new LibraryPath(home));
        List<CompiledScript> compiled = new ArrayList<>();
        Map<CompiledScript, List<String>> sources = new HashMap<>();
        try (var files = Files.list(scripts)) {
            for (Path f : files.sorted().toList()) {
                CompiledScript s = compiler.compile(f);
                compiled.add(s);
                sources.put(s, Watch.lines(f));
            }
        }
        Redactor redactor = new Redactor();
        Path auditFile = dir.resolve("audit.jsonl");
        Watch.Options options = new Watch.Options(inventoryFile, compiled, sources, dir.resolve("runs"), Duration.ofSeconds(20), 32, 2,
                Duration.ofSeconds(5), Map.of(), 0, 1, home.resolve("lib/vendors"), home, io.vaxiin.vision.FontLibrary.empty());
        List<Inventory.Server> servers = Watch.selected(inventory, Map.of(), 0, 1);
        var memory = ManagementFactory.getMemoryMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeap(memory);
        int threadsBefore = threads.getThreadCount();
        Metrics metrics = new Metrics();
        FleetView fleet = new FleetView(servers.stream().map(Inventory.Server::name).toList(), metrics);
        try (Audit audit = Audit.open(auditFile, redactor, Clock.systemUTC());
             PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("watch.out")), true, StandardCharsets.UTF_8)) {
            Watch watch = new Watch(options, compiler, redactor, audit, out, out, List.of(), null, fleet, metrics);
            long started = System.nanoTime();
            long cpuStarted = os.getProcessCpuTime();
            Thread watching = new Thread(() -> {
                try {
                    watch.watch(servers, Duration.ofSeconds(60));
                } catch (InterruptedException ignored) {
                    // stopped
                }
            }, "bench watch");
            watching.setDaemon(true);
            watching.start();

            // 1. every server looked at, and healthy
            Set<String> healthy = new HashSet<>();
            while (healthy.size() < size) {
                if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(600)) {
                    throw new IllegalStateException("only " + healthy.size() + " of " + size + " servers healthy after 600 s (see " + auditFile + ")");
                }
                Thread.sleep(500);
                healthy.clear();
                for (Map<String, Object> e : Audit.read(auditFile, null)) if ("healthy".equals(e.get("event"))) healthy.add(String.valueOf(e.get("server")));
            }
            double startup = (System.nanoTime() - started) / 1e9;
            double startupCpu = (os.getProcessCpuTime() - cpuStarted) / 1e9;
            System.out.printf(Locale.ROOT, "start: %d servers connected, probed and judged healthy in %.1f s (%.1f s of CPU)%n",
                    size, startup, startupCpu);

            // 2. a healthy fleet: memory and CPU
            long heap = usedHeap(memory);
            int threadsNow = threads.getThreadCount() - threadsBefore;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(20_000);
            double idleCores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
            double perServer = (heap - heapBefore) / (double) size;
            System.out.printf(Locale.ROOT, "healthy fleet: heap %.0f MB for %d servers = %.2f MB per watched server; %d threads (%.1f per server);"
                            + " CPU %.2f%% of one core over 20 s%n", (heap - heapBefore) / 1e6, size, perServer / 1e6, threadsNow,
                    threadsNow / (double) size, idleCores * 100);
            long max = memory.getHeapMemoryUsage().getMax();
            System.out.printf(Locale.ROOT, "largest fleet in a %.1f GiB heap: about %d servers (heap max / memory per server, with %.0f MB for the rest)%n",
                    max / (double) (1L << 30), (long) ((max - heapBefore) / perServer), heapBefore / 1e6);

            // 3. breaks at random times
            Random random = new Random(42);
            List<String> names = new ArrayList<>(servers.stream().map(Inventory.Server::name).toList());
            Collections.shuffle(names, random);
            int brokenCount = (int) Math.round(size * percent / 100);
            Map<String, String> fault = new LinkedHashMap<>();
            List<long[]> schedule = new ArrayList<>();
            for (int i = 0; i < brokenCount; i++) {
                fault.put(names.get(i), FAULTS.get(i % FAULTS.size()));
                schedule.add(new long[]{(long) (random.nextDouble() * window * 1000), i});
            }
            schedule.sort((a, b) -> Long.compare(a[0], b[0]));
            List<String> brokenNames = new ArrayList<>(fault.keySet());
            long breakStart = System.currentTimeMillis();
            long cpuBreak = os.getProcessCpuTime();
            for (long[] s : schedule) {
                long wait = breakStart + s[0] - System.currentTimeMillis();
                if (wait > 0) Thread.sleep(wait);
                String name = brokenNames.get((int) s[1]);
                hostIn.write("break " + name + " " + fault.get(name) + "\n");
                hostIn.flush();
            }
            System.out.printf(Locale.ROOT, "broke %d servers within %d s: %s%n", brokenCount, window, countBy(fault));

            // 4. each broken one recovered: latencies from the audit log
            Map<String, Instant> startedAt = new HashMap<>(), matchedAt = new HashMap<>(), endedAt = new HashMap<>();
            Map<String, String> outcome = new HashMap<>();
            long deadline = System.currentTimeMillis() + 300_000;
            while (true) {
                startedAt.clear();
                matchedAt.clear();
                endedAt.clear();
                outcome.clear();
                for (Map<String, Object> e : Audit.read(auditFile, null)) {
                    String server = String.valueOf(e.get("server"));
                    Long at = broke.get(server);
                    if (at == null) continue;
                    Instant time = Instant.parse(String.valueOf(e.get("time")));
                    if (time.toEpochMilli() < at) continue;
                    String kind = String.valueOf(e.get("event"));
                    switch (kind) {
                        case "matched" -> matchedAt.putIfAbsent(server, time);
                        case "started" -> startedAt.putIfAbsent(server, time);
                        case "recovered", "gave-up", "flapping" -> {
                            endedAt.putIfAbsent(server, time);
                            outcome.putIfAbsent(server, kind);
                        }
                        default -> { }
                    }
                }
                if (outcome.size() == brokenCount || System.currentTimeMillis() > deadline) break;
                Thread.sleep(1000);
            }
            double breakCpu = (os.getProcessCpuTime() - cpuBreak) / 1e9;
            List<Double> toStart = new ArrayList<>(), toMatch = new ArrayList<>(), toEnd = new ArrayList<>();
            for (String n : brokenNames) {
                Long at = broke.get(n);
                if (at == null) continue;
                if (matchedAt.containsKey(n)) toMatch.add((matchedAt.get(n).toEpochMilli() - at) / 1000.0);
                if (startedAt.containsKey(n)) toStart.add((startedAt.get(n).toEpochMilli() - at) / 1000.0);
                if (endedAt.containsKey(n)) toEnd.add((endedAt.get(n).toEpochMilli() - at) / 1000.0);
            }
            long recovered = outcome.values().stream().filter("recovered"::equals).count();
            System.out.printf(Locale.ROOT, "recovered: %d of %d broken (%s); CPU while recovering %.1f s over %.0f s%n", recovered, brokenCount,
                    countBy(outcome), breakCpu, (System.currentTimeMillis() - breakStart) / 1000.0);
            System.out.println("break -> rule matched:     " + summary(toMatch));
            System.out.println("break -> recovery started: " + summary(toStart) + " (goal: p95 under 5 s)");
            System.out.println("break -> recovered:        " + summary(toEnd));

            // 5. nothing done to a healthy machine
            hostIn.write("tally\n");
            hostIn.flush();
            tallied.await(30, TimeUnit.SECONDS);
            int touchedHealthy = 0, brokenTouched = 0;
            for (Map.Entry<String, int[]> e : acted.entrySet()) {
                if (fault.containsKey(e.getKey())) brokenTouched++;
                else touchedHealthy++;
            }
            System.out.printf(Locale.ROOT, "actions: %d of %d broken servers were sent keys or power/boot actions; healthy servers touched: %d%n",
                    brokenTouched, brokenCount, touchedHealthy);
            watch.stop(Duration.ofSeconds(5));
        }

        // 6. shards, and the baseline: N processes of --once over the same inventory
        shards(shards, size, home, dir, scripts, inventoryFile);
    }

    private static void shards(int shards, int size, Path home, Path dir, Path scripts, Path inventoryFile) throws Exception {
        List<Process> processes = new ArrayList<>();
        long started = System.nanoTime();
        for (int k = 0; k < shards; k++) {
            processes.add(new ProcessBuilder(home.resolve("bin/vaxiin").toString(), "watch", "--once", "--shard", k + "/" + shards,
                    "--inventory", inventoryFile.toString(), "--scripts", scripts.toString(), "--look", "1s", "--max-parallel", "16",
                    "--audit", dir.resolve("shard-" + k + ".jsonl").toString(), "--out", dir.resolve("shard-runs-" + k).toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("shard-" + k + ".out").toFile()).start());
        }
        int failed = 0;
        for (Process p : processes) {
            if (!p.waitFor(600, TimeUnit.SECONDS)) p.destroyForcibly();
            if (p.exitValue() != 0) failed++;
        }
        double took = (System.nanoTime() - started) / 1e9;
        Map<String, Integer> looks = new HashMap<>();
        int[] perShard = new int[shards];
        for (int k = 0; k < shards; k++) {
            for (Map<String, Object> e : Audit.read(dir.resolve("shard-" + k + ".jsonl"), null)) {
                if (!"looking".equals(e.get("event"))) continue;
                looks.merge(String.valueOf(e.get("server")), 1, Integer::sum);
                perShard[k]++;
            }
        }
        long once = looks.values().stream().filter(n -> n == 1).count();
        System.out.printf(Locale.ROOT, "shards: %d processes of --once over %d servers: %d looked at exactly once, %d more than once, %d never"
                        + " (per shard %s); %d exited non-zero; %.1f s for the pass (baseline: connect, probe and a 1 s look per server, 16 at a time)%n",
                shards, size, once, looks.values().stream().filter(n -> n > 1).count(), size - looks.size(), java.util.Arrays.toString(perShard),
                failed, took);
    }

    private static long usedHeap(java.lang.management.MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String countBy(Map<String, String> values) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        values.values().forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.toString();
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) return "none";
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return String.format(Locale.ROOT, "n=%d p50 %.2f s, p95 %.2f s, max %.2f s", s.size(), pct(s, 50), pct(s, 95), s.get(s.size() - 1));
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
