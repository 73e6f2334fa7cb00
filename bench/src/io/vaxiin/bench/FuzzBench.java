package io.vaxiin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A longer fuzzing run of every fuzz test (README "Fuzzing"), each in a JVM of its own, and the
 * baseline in the same run: the same test replaying only its seed corpus.
 *
 * <p>Per target it prints: the seed corpus replayed alone as JUnit runs it without fuzzing (inputs,
 * inputs/s after the first, which pays for the agent and class loading; libFuzzer's edge coverage
 * after replaying them), then the fuzzing run (executions, executions/s, coverage at the end,
 * inputs added to the corpus) and its findings: crashes (any exception but the documented ones, a
 * message naming a Java class) and hangs (an input running longer than 10 s), each written by
 * Jazzer as {@code crash-…}/{@code timeout-…} beside the seeds under {@code src/test/resources}.
 * Each run starts from the committed seeds only: its generated corpus goes to a fresh
 * {@code target/fuzz-corpus/<target>}.
 *
 * <p>Run: {@code bin/bench fuzz [SECONDS_PER_TARGET] [TARGET...]} (default 120 s; targets rfb,
 * websocket, redfish, inventory). Needs the test class path, which {@code bin/bench fuzz} writes.
 */
public final class FuzzBench {

    private record Target(String name, String testClass, String method) {}

    private static final List<Target> TARGETS = List.of(
            new Target("rfb", "io.vaxiin.connector.rfb.RfbFuzzTest", "session"),
            new Target("websocket", "io.vaxiin.connector.rfb.WebSocketFuzzTest", "frames"),
            new Target("redfish", "io.vaxiin.connector.redfish.RedfishFuzzTest", "client"),
            new Target("inventory", "io.vaxiin.inventory.InventoryFuzzTest", "load"));

    private static final String INSTRUMENT = "io.vaxiin.**,org.yaml.snakeyaml.**,groovy.json.**,okhttp3.**,okio.**";
    private static final Pattern STATUS = Pattern.compile("^#(\\d+)\\s+(INITED|DONE|pulse|NEW|REDUCE)\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");
    private static final Pattern STAT = Pattern.compile("^stat::(\\w+):\\s+(\\d+)");
    private static final Pattern MAIN = Pattern.compile("^fuzz-main: invocations=(\\d+) failed=(\\d+) millis=(\\d+)");

    private FuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Path home = Path.of(System.getProperty("vaxiin.home", ".")).toAbsolutePath();
        String classpath = System.getProperty("vaxiin.testClasspath");
        if (classpath == null) throw new IllegalStateException("-Dvaxiin.testClasspath is not set (run bin/bench fuzz)");

        System.out.printf(Locale.ROOT, "fuzzing %d s per target, one JVM each (Jazzer 0.24.0, libFuzzer), on %d cores%n%n",
                seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-10s | %-31s | %-58s | %s%n", "target", "baseline: seed corpus alone",
                "fuzzing", "findings");
        System.out.printf(Locale.ROOT, "%-10s | %-31s | %-58s | %s%n", "", "inputs  inputs/s  cov",
                "executions  exec/s  cov (seeds → end)  ft  new inputs", "crashes, hangs");
        int total = 0;
        for (Target t : TARGETS) {
            if (!only.isEmpty() && !only.contains(t.name())) continue;
            Run baseline = run(home, classpath, t, false, seconds);
            Run fuzz = run(home, classpath, t, true, seconds);
            int findings = fuzz.crashes.size() + fuzz.hangs.size();
            total += findings;
            System.out.printf(Locale.ROOT, "%-10s | %6d  %8.0f  %5s | %10d  %6d  %5s → %-5s  %6d  %5d      | %d crashes, %d hangs%s%n",
                    t.name(), baseline.invocations, (baseline.invocations - 1) * 1000.0 / Math.max(1, baseline.millis),
                    fuzz.initedCov < 0 ? "-" : Integer.toString(fuzz.initedCov),
                    fuzz.executions, fuzz.execPerSec, fuzz.initedCov < 0 ? "-" : Integer.toString(fuzz.initedCov),
                    fuzz.cov < 0 ? "-" : Integer.toString(fuzz.cov), fuzz.ft, fuzz.newUnits,
                    fuzz.crashes.size(), fuzz.hangs.size(), fuzz.failed > 0 && findings == 0 ? " (the test failed: see " + fuzz.log + ")" : "");
            for (String f : fuzz.crashes) System.out.println("           crash: " + f);
            for (String f : fuzz.hangs) System.out.println("           hang: " + f);
        }
        System.out.println();
        System.out.println("cov: libFuzzer's covered edges in the instrumented classes (" + INSTRUMENT + "); "
                + "the seed figure is after replaying the seeds (INITED), the end figure after fuzzing (DONE). "
                + "Logs: target/fuzz-bench/<target>-{seeds,fuzz}.log");
        System.exit(total == 0 ? 0 : 1);
    }

    private static final class Run {
        long invocations;
        long millis;
        int failed;
        long executions;
        long execPerSec;
        long newUnits;
        int initedCov = -1;
        int cov = -1;
        int ft;
        final List<String> crashes = new ArrayList<>();
        final List<String> hangs = new ArrayList<>();
        Path log;
    }

    private static Run run(Path home, String classpath, Target t, boolean fuzz, int seconds) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(home.resolve("target/fuzz-bench"));
        Path corpus = home.resolve("target/fuzz-corpus").resolve(t.name());
        if (fuzz) {
            deleteTree(corpus);
            Files.createDirectories(corpus);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Djazzer.instrument=" + INSTRUMENT));
        if (fuzz) {
            cmd.addAll(List.of("-DJAZZER_FUZZ=1",
                    "-Djazzer.internal.arg.0=fuzz-bench",
                    "-Djazzer.internal.arg.1=" + corpus,
                    "-Djazzer.internal.arg.2=-timeout=10",
                    "-Djazzer.internal.arg.3=-max_total_time=" + seconds,
                    "-Djazzer.internal.arg.4=-print_final_stats=1"));
        } else {
            cmd.add("-DJAZZER_FUZZ=0");
        }
        cmd.addAll(List.of("io.vaxiin.fuzz.FuzzMain", t.testClass(), t.method()));
        Run r = new Run();
        r.log = logs.resolve(t.name() + (fuzz ? "-fuzz.log" : "-seeds.log"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(r.log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                parse(line, r);
            }
        }
        p.waitFor();
        return r;
    }

    private static void parse(String line, Run r) {
        Matcher m = STATUS.matcher(line);
        if (m.find()) {
            int cov = Integer.parseInt(m.group(3));
            if (m.group(2).equals("INITED")) r.initedCov = cov;
            r.cov = cov;
            r.ft = Integer.parseInt(m.group(4));
            return;
        }
        m = STAT.matcher(line);
        if (m.find()) {
            long v = Long.parseLong(m.group(2));
            switch (m.group(1)) {
                case "number_of_executed_units" -> r.executions = v;
                case "average_exec_per_sec" -> r.execPerSec = v;
                case "new_units_added" -> r.newUnits = v;
                default -> { }
            }
            return;
        }
        m = MAIN.matcher(line);
        if (m.find()) {
            r.invocations = Long.parseLong(m.group(1));
            r.failed = Integer.parseInt(m.group(2));
            r.millis = Long.parseLong(m.group(3));
            return;
        }
        int at = line.indexOf("Test unit written to ");
        if (at >= 0) {
            String file = line.substring(at + "Test unit written to ".length()).trim();
            if (file.contains("/timeout-")) r.hangs.add(file);
            else r.crashes.add(file);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
