package io.vaxiin.sandbox;

import io.vaxiin.sandbox.redfish.Pose;
import io.vaxiin.sandbox.redfish.RedfishService;
import io.vaxiin.sandbox.rfb.RfbServer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Many simulated servers in one process, for watch mode at fleet scale: each a {@link Machine}
 * with its own console over RFB and its own BMC over Redfish on loopback, all with one BMC
 * password. The machines share one thread (each one's steps stay in order, as on its own), so
 * a thousand idle ones cost no CPU. Each can be broken at any time ({@link Machine#breakDown}).
 */
public final class SandboxFleet implements AutoCloseable {

    /** One server of the fleet: its machine and where its console and BMC listen. */
    public static final class Member implements AutoCloseable {
        private final String name;
        private final Machine machine;
        private final RfbServer rfb;
        private final RedfishService redfish;

        private Member(String name, Machine machine, RfbServer rfb, RedfishService redfish) {
            this.name = name;
            this.machine = machine;
            this.rfb = rfb;
            this.redfish = redfish;
        }

        public String name() { return name; }

        public Machine machine() { return machine; }

        /** {@code vnc://127.0.0.1:PORT}. */
        public String consoleUri() { return "vnc://127.0.0.1:" + rfb.port(); }

        /** {@code redfish+http://127.0.0.1:PORT}. */
        public String powerUri() { return redfish.uri(); }

        /** How many console (RFB) clients are connected to it now. */
        public int consoleClients() { return rfb.clientCount(); }

        @Override
        public void close() {
            redfish.close();
            rfb.close();
            machine.close();
        }
    }

    private final ScheduledExecutorService thread;
    private final List<Member> members = new ArrayList<>();
    private final char[] password;

    private SandboxFleet(int size, Scenario scenario, double pace, Consumer<String> events) throws IOException {
        this.password = Sandbox.randomPassword();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox fleet machines");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < size; i++) members.add(member(String.format("sim-%04d", i + 1), scenario, pace, events));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts {@code size} machines with {@code scenario}, named {@code sim-0001} … and powered on.
     *
     * @param events told what each machine does, as "NAME: EVENT" ("sim-0042: key y")
     */
    public static SandboxFleet start(int size, Scenario scenario, double pace, Consumer<String> events) throws IOException {
        return new SandboxFleet(size, scenario, pace, events);
    }

    private Member member(String name, Scenario scenario, double pace, Consumer<String> events) throws IOException {
        Machine machine = new Machine(scenario, pace, thread);
        BufferedImage[] current = new BufferedImage[1];
        RfbServer[] rfb = new RfbServer[1];
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        machine.display((image, changed) -> {
            synchronized (current) {
                current[0] = image;
                if (rfb[0] != null) rfb[0].update(image, changed);
            }
            first.countDown();
        });
        try {
            if (!first.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IOException(name + " drew no screen");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + name + " started", e);
        }
        synchronized (current) {
            BufferedImage start = current[0];
            rfb[0] = RfbServer.builder().port(0).desktopName("Vaxiin sandbox fleet (" + name + ")").keys(machine::key)
                    .start(() -> start);
        }
        RedfishService redfish;
        try {
            redfish = RedfishService.start(machine, Pose.sandbox(), Sandbox.USER, password, 0, line -> { });
        } catch (IOException | RuntimeException e) {
            rfb[0].close();
            throw e;
        }
        machine.events(e -> events.accept(name + ": " + e));
        machine.powerOn();
        return new Member(name, machine, rfb[0], redfish);
    }

    public List<Member> members() { return List.copyOf(members); }

    /**
     * Writes an inventory of the fleet to {@code inventory} and its BMC password to
     * {@code passwordFile} (mode 0600), which the inventory names as {@code file:}.
     */
    public void writeInventory(Path inventory, Path passwordFile) throws IOException {
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, new String(password), StandardCharsets.UTF_8);
        StringBuilder yaml = new StringBuilder("credentials:\n  fleet: { username: " + Sandbox.USER + ", password: 'file:"
                + passwordFile.toAbsolutePath() + "' }\ndefaults:\n  credentials: fleet\nservers:\n");
        for (Member m : members) {
            yaml.append("  ").append(m.name()).append(": { console: '").append(m.consoleUri()).append("', power: '")
                    .append(m.powerUri()).append("' }\n");
        }
        Files.writeString(inventory, yaml, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Member m : members) m.close();
        thread.shutdownNow();
        java.util.Arrays.fill(password, '\0');
    }
}
