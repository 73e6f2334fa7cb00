package io.vaxiin.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.vaxiin.sandbox.ipmi.IpmiBmc;
import io.vaxiin.sandbox.redfish.Pose;
import io.vaxiin.sandbox.redfish.RedfishService;
import io.vaxiin.sandbox.redfish.SimulatedBmc;
import io.vaxiin.sandbox.rfb.RfbServer;
import io.vaxiin.sandbox.serial.SerialTcpServer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * The built-in sandbox: a simulated server ({@link Machine}) served over the real protocols on
 * loopback — its screen and keyboard over RFB, its BMC over Redfish and over IPMI v2.0 (RMCP+,
 * with serial-over-LAN), its serial port also on a raw TCP port — plus a webhook receiver that
 * stands in for a provisioning system. {@code run} and {@code repl} start one in-process
 * when no target is given; {@code vaxiin sandbox} serves one in the foreground.
 */
public final class Sandbox implements AutoCloseable {

    /** The BMC's user, for Redfish and IPMI alike; its password is random for each sandbox. */
    public static final String USER = "admin";
    private static final int MAX_HOOK_BODY = 64 * 1024;

    private final Machine machine;
    private volatile RfbServer rfb; // set once, after the machine's display is wired
    private final RedfishService redfish;
    private final IpmiBmc ipmi;
    private final SerialTcpServer serial;
    private final HttpServer hooks;
    private final char[] password;
    private volatile BufferedImage current;

    private Sandbox(Scenario scenario, double pace, Consumer<String> log, Consumer<String> bmcLog, Pose pose) throws IOException {
        this.password = randomPassword();
        this.machine = new Machine(scenario, pace);
        machine.display((image, changed) -> {
            current = image;
            RfbServer server = rfb;
            if (server != null) server.update(image, changed);
        });
        BufferedImage first = waitForFirstFrame();
        this.rfb = RfbServer.builder().port(0).desktopName("Vaxiin sandbox (" + scenario.id() + ")")
                .keys(machine::key).start(() -> current == null ? first : current);
        SimulatedBmc bmc = pose.dress(machine);
        // The pose's quirks, as they show, go with what the machine does: a run against the sandbox sees them.
        this.redfish = RedfishService.start(bmc, pose, USER, password, 0, line -> log.accept("sandbox " + line));
        this.ipmi = IpmiBmc.start(bmc, machine.serial(), USER, password, 0, bmcLog);
        this.serial = SerialTcpServer.start(machine.serial(), 0, bmcLog);
        this.hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.createContext("/hooks/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_HOOK_BODY);
                log.accept("sandbox webhook received " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                        + ": " + new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " "));
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        hooks.start();
        machine.events(e -> log.accept("sandbox machine: " + e));
        machine.powerOn();
    }

    private BufferedImage waitForFirstFrame() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (current == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (current == null) throw new IllegalStateException("the sandbox machine drew no screen");
        return current;
    }

    /**
     * Starts a sandbox.
     *
     * @param pace multiplies the simulated machine's delays (1.0 boots in a few seconds)
     * @param log  told what the machine does and what the webhook receives
     */
    public static Sandbox start(Scenario scenario, double pace, Consumer<String> log) throws IOException {
        return new Sandbox(scenario, pace, log, log, Pose.sandbox());
    }

    /**
     * Starts a sandbox whose IPMI and serial servers tell {@code bmcLog} about their sessions
     * (a run in the same process has no use for its own BMC's chatter; {@code vaxiin sandbox} shows it).
     */
    public static Sandbox start(Scenario scenario, double pace, Consumer<String> log, Consumer<String> bmcLog) throws IOException {
        return new Sandbox(scenario, pace, log, bmcLog, Pose.sandbox());
    }

    /**
     * Starts a sandbox whose BMC poses as a vendor's ({@link Pose#of}): its Redfish service answers
     * in that vendor's payload shapes, with its quirks (each told to {@code bmcLog} when it shows),
     * and IPMI's Get Device ID gives the vendor's IANA number. The machine is the same.
     */
    public static Sandbox start(Scenario scenario, double pace, Consumer<String> log, Consumer<String> bmcLog, Pose pose)
            throws IOException {
        return new Sandbox(scenario, pace, log, bmcLog, pose);
    }

    /** Who the BMC poses as. */
    public Pose pose() { return redfish.pose(); }

    /** The BMC's Redfish service (its quirk events, its boot mode), for tests and the command's output. */
    public RedfishService redfish() { return redfish; }

    public Machine machine() { return machine; }

    /** {@code vnc://127.0.0.1:PORT}: the console (no password). */
    public String consoleUri() { return "vnc://127.0.0.1:" + rfb.port(); }

    /** {@code redfish+http://127.0.0.1:PORT}: the BMC; user {@link #USER}, password {@link #password()}. */
    public String powerUri() { return redfish.uri(); }

    /** Where the sandbox receives webhooks ({@code http.post}), logged as they arrive. */
    public String webhookUrl() { return "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks/vaxiin"; }

    /** {@code ipmi://127.0.0.1:PORT}: the BMC over IPMI v2.0 (lanplus); user {@link #USER}, password {@link #password()}. */
    public String ipmiUri() { return ipmi.uri(); }

    /** {@code sol://127.0.0.1:PORT}: the serial console over IPMI serial-over-LAN (same BMC, same user). */
    public String solUri() { return ipmi.solUri(); }

    /** {@code tcp://127.0.0.1:PORT}: the serial console on a raw TCP port (no login; several clients may connect). */
    public String serialUri() { return serial.uri(); }

    /** The BMC password (Redfish and IPMI), a copy; generated for this sandbox, never printed. */
    public char[] password() { return password.clone(); }

    @Override
    public void close() {
        hooks.stop(0);
        serial.close();
        ipmi.close();
        redfish.close();
        rfb.close();
        machine.close();
    }

    /** A random BMC password of 20 letters and digits (no look-alikes). */
    static char[] randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        char[] p = new char[20];
        for (int i = 0; i < p.length; i++) p[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return p;
    }
}
