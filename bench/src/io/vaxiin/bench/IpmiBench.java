package io.vaxiin.bench;

import groovy.lang.GroovyObject;
import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.connector.ipmi.IpmiChassis;
import io.vaxiin.connector.ipmi.IpmiConfig;
import io.vaxiin.connector.ipmi.SolConsole;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPMI figures against OpenIPMI's ipmi_sim, started by the test rig (IpmiRig, in the test
 * classes; {@code bin/bench ipmi} compiles them): the median of 10 of one power-status round trip
 * on an open session, a session set up from nothing plus one status, a full cycle-and-verify, and
 * a boot override set-and-verify; baseline, in the same run: ipmitool doing the same (it sets up
 * a session per command and verifies nothing). Then SOL throughput: a real Linux guest (the rig's
 * QEMU VM owned by ipmi_sim) writes a flood of numbered lines to its serial port as fast as it
 * can; the client receives it over SOL and checks its MD5 against the one the guest printed, so
 * a lost byte shows; baseline: ipmitool's {@code sol activate} receiving the same flood.
 * Run: {@code bin/bench ipmi [FLOOD_BYTES]}.
 */
public final class IpmiBench {

    private static final int RUNS = 10;
    private static final Class<?> RIG = load("io.vaxiin.connector.ipmi.IpmiRig");

    public static void main(String[] args) throws Exception {
        int flood = args.length > 0 ? Integer.parseInt(args[0]) : 262_144;
        System.out.println("Vaxiin IPMI bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "), ipmi_sim, cipher suite 3");
        chassis();
        sol(flood);
    }

    private static void chassis() throws Exception {
        Object rig = InvokerHelper.invokeStaticMethod(RIG, "chassis", new Object[] {Map.of("power", "on")});
        try {
            IpmiConfig config = config(rig);
            List<Double> status = new ArrayList<>(), connect = new ArrayList<>(), cycle = new ArrayList<>(), boot = new ArrayList<>();
            List<Double> toolStatus = new ArrayList<>(), toolCycle = new ArrayList<>(), toolBoot = new ArrayList<>();
            try (IpmiChassis c = IpmiChassis.connect(config)) {
                for (int i = 0; i < 5; i++) c.state();
                for (int i = 0; i < RUNS; i++) status.add(ms(c::state));
                for (int i = 0; i < RUNS; i++) cycle.add(ms(() -> c.power(Power.Action.CYCLE, Duration.ofSeconds(30))));
                for (int i = 0; i < RUNS; i++) {
                    Boot.Device d = i % 2 == 0 ? Boot.Device.PXE : Boot.Device.DISK;
                    boot.add(ms(() -> c.boot(d, true, Duration.ofSeconds(10))));
                }
            }
            for (int i = 0; i < RUNS; i++) connect.add(ms(() -> {
                try (IpmiChassis c = IpmiChassis.connect(config)) {
                    c.state();
                }
            }));
            for (int i = 0; i < RUNS; i++) toolStatus.add(ms(() -> ipmitool(rig, "chassis", "power", "status")));
            for (int i = 0; i < RUNS; i++) toolCycle.add(ms(() -> ipmitool(rig, "chassis", "power", "cycle")));
            for (int i = 0; i < RUNS; i++) toolBoot.add(ms(() -> ipmitool(rig, "chassis", "bootdev", "pxe")));
            System.out.printf(Locale.ROOT, "%-44s %10s %12s%n", "median of " + RUNS + ", ms", "vaxiin", "ipmitool");
            row("power status, open session (ipmitool: new)", status, toolStatus);
            row("new session + power status", connect, toolStatus);
            row("power cycle, verified off then on", cycle, toolCycle);
            row("boot override set + read back", boot, toolBoot);
            System.out.println("  (ipmitool sets up a session for each command and reads nothing back)");
        } finally {
            ((AutoCloseable) rig).close();
        }
    }

    private static void sol(int flood) throws Exception {
        Object vm = InvokerHelper.invokeStaticMethod(RIG, "vm", new Object[] {Map.of("mode", "flood", "flood", flood)});
        try {
            IpmiConfig config = config(vm);
            List<Double> ours = new ArrayList<>();
            try (SolConsole sol = SolConsole.connect(config, e -> System.out.println("  (" + e + ")"));
                 IpmiChassis chassis = IpmiChassis.connect(config)) {
                for (int run = 0; run < 3; run++) {
                    if (run > 0) chassis.power(Power.Action.RESET, Duration.ofSeconds(30));
                    long from = sol.recent().end();
                    await(sol, from, Pattern.compile("flood ready: press Enter: $"), Duration.ofSeconds(90));
                    long start = sol.recent().end();
                    long t0 = System.nanoTime();
                    sol.type("\n");
                    Matcher done = await(sol, start, Pattern.compile("flood done (\\d+) ([0-9a-f]{32})"), Duration.ofSeconds(120));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    String text = sol.recent().since(start);
                    String lines = text.substring(text.indexOf('\n') + 1, text.indexOf("flood done"));
                    String md5 = md5(lines);
                    if (!md5.equals(done.group(2))) {
                        throw new IllegalStateException("SOL lost data: MD5 " + md5 + " of " + lines.length() + " bytes, the guest says " + done.group(2));
                    }
                    ours.add(lines.length() / seconds);
                }
            }
            // baseline: ipmitool sol activate on the next flood
            ((GroovyObject) vm).invokeMethod("mode", new Object[] {"flood"});
            try (IpmiChassis chassis = IpmiChassis.connect(config)) {
                chassis.power(Power.Action.CYCLE, Duration.ofSeconds(60));
            }
            GroovyObject tool = (GroovyObject) ((GroovyObject) vm).invokeMethod("sol", new Object[0]);
            double toolRate;
            try {
                tool.invokeMethod("await", new Object[] {Pattern.compile("flood ready: press Enter: "), 0, 90_000L});
                int mark = (Integer) tool.invokeMethod("mark", new Object[0]);
                long t0 = System.nanoTime();
                tool.invokeMethod("send", new Object[] {"\r"});
                tool.invokeMethod("await", new Object[] {Pattern.compile("flood done \\d+ [0-9a-f]{32}"), mark, 120_000L});
                toolRate = flood / ((System.nanoTime() - t0) / 1e9);
            } finally {
                ((AutoCloseable) tool).close();
            }
            Collections.sort(ours);
            System.out.printf(Locale.ROOT, "SOL, a guest writing %d bytes as fast as it can: vaxiin %.0f bytes/s (median of 3, MD5 checked,"
                    + " none lost), ipmitool sol activate %.0f bytes/s%n", flood, ours.get(1), toolRate);
        } finally {
            ((AutoCloseable) vm).close();
        }
    }

    private static Matcher await(Serial serial, long from, Pattern p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Serial.Text t = serial.recent();
        while (true) {
            Matcher m = p.matcher(t.since(from));
            if (m.find()) return m;
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new IllegalStateException("no /" + p + "/ on SOL within " + timeout.toSeconds() + " s");
            t = serial.awaitChange(t.version(), Duration.ofNanos(Math.min(left, 500_000_000L)));
        }
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, d));
    }

    private static IpmiConfig config(Object rig) {
        GroovyObject g = (GroovyObject) rig;
        return IpmiConfig.builder("127.0.0.1", (Integer) g.getProperty("port")).username((String) g.getProperty("username"))
                .password(((String) g.getProperty("password")).toCharArray()).build();
    }

    private static void ipmitool(Object rig, String... args) {
        Object run = ((GroovyObject) rig).invokeMethod("ipmitool", new Object[] {List.of(args)});
        if ((Integer) ((GroovyObject) run).getProperty("exit") != 0) throw new IllegalStateException("ipmitool failed: " + run);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static double ms(Step step) {
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void row(String name, List<Double> ours, List<Double> baseline) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f %12.1f%n", name, median(ours), median(baseline));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the class path: run this through bin/bench ipmi, which compiles the test rig", e);
        }
    }
}
