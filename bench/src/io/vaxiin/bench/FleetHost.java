package io.vaxiin.bench;

import io.vaxiin.sandbox.Scenario;
import io.vaxiin.sandbox.SandboxFleet;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated fleet of {@link WatchBench}, in its own process: {@code FleetHost SIZE DIR}
 * starts SIZE healthy machines ({@link SandboxFleet}), writes {@code DIR/fleet.yaml} and prints
 * {@code ready}. Then it takes commands on standard input: {@code break NAME SCENARIO} (answered
 * {@code broke NAME EPOCH_MILLIS}), {@code tally} (one {@code acted NAME KEYS POWER BOOT} line per
 * machine something was done to, then {@code tallied}), {@code quit}.
 */
public final class FleetHost {

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Map<String, int[]> acted = new ConcurrentHashMap<>();
        AtomicInteger events = new AtomicInteger();
        try (SandboxFleet fleet = SandboxFleet.start(size, Scenario.HEALTHY, 1.0, line -> {
            events.incrementAndGet();
            int colon = line.indexOf(": ");
            String name = line.substring(0, colon), what = line.substring(colon + 2);
            int kind = what.startsWith("key") ? 0 : what.startsWith("power") ? 1 : what.startsWith("boot") ? 2 : -1;
            if (kind >= 0) acted.computeIfAbsent(name, n -> new int[3])[kind]++;
        })) {
            fleet.writeInventory(dir.resolve("fleet.yaml"), dir.resolve("bmc-password"));
            Map<String, SandboxFleet.Member> byName = new ConcurrentHashMap<>();
            fleet.members().forEach(m -> byName.put(m.name(), m));
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "break" -> {
                        SandboxFleet.Member m = byName.get(w[1]);
                        Scenario s = Scenario.byId(w[2]).orElseThrow();
                        m.machine().breakDown(s);
                        System.out.println("broke " + w[1] + " " + System.currentTimeMillis());
                    }
                    case "tally" -> {
                        acted.forEach((name, n) -> System.out.println("acted " + name + " " + n[0] + " " + n[1] + " " + n[2]));
                        System.out.println("tallied");
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("unknown command: " + line);
                }
                System.out.flush();
            }
        }
    }
}
