package io.vaxiin.cli;

import io.vaxiin.sandbox.Sandbox;
import io.vaxiin.sandbox.Scenario;
import io.vaxiin.sandbox.redfish.Pose;
import io.vaxiin.vendor.VendorProfile;
import io.vaxiin.vendor.VendorProfileException;
import io.vaxiin.vendor.VendorProfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vaxiin sandbox}: serves the built-in simulated server in the foreground, prints its URIs
 * (console, Redfish, IPMI, serial-over-LAN, raw TCP serial, webhook) and writes a temporary
 * inventory for them, with the password in a file beside it: never on the screen.
 */
final class SandboxCommand {

    private SandboxCommand() {}

    @SuppressWarnings("try") // the shutdown hook closes the sandbox itself: Ctrl-C never reaches the end of the try
    static int run(List<String> argv, Cli cli) {
        Args args = new Args("sandbox", argv, Set.of("--scenario", "--vendor"), Set.of("--help"));
        String name = args.option("--scenario") == null ? "healthy" : args.option("--scenario");
        Scenario scenario = Scenario.byId(name).orElseThrow(() -> new UsageException(
                "sandbox: no scenario '" + name + "' (scenarios: " + Scenario.names() + ")"));
        VendorProfile profile = args.option("--vendor") == null ? null : profile(args.option("--vendor"), cli);
        Pose pose = profile == null ? Pose.sandbox() : Pose.of(profile);
        java.util.function.Consumer<String> log = line -> cli.out().println(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + "  " + line);
        try (Sandbox sandbox = Sandbox.start(scenario, 1.0, log, log, pose)) {
            Path dir = Files.createTempDirectory("vaxiin-sandbox-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path secret = dir.resolve("bmc-password");
            char[] pw = sandbox.password();
            Files.writeString(secret, new String(pw));
            java.util.Arrays.fill(pw, '\0');
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path inventory = dir.resolve("inventory.yaml");
            // Two entries for one machine: 'sandbox' drives it as a Redfish server with a TCP serial
            // port, 'sandbox-ipmi' as an IPMI one with serial-over-LAN. Both may run at once: only
            // SOL is one session at a time, and only 'sandbox-ipmi' uses it.
            Files.writeString(inventory, """
                    # The running sandbox, written by `vaxiin sandbox`; valid while it runs.
                    credentials:
                      sandbox: { username: %s, password: file:%s }
                    servers:
                      sandbox:
                        vendor: qemu
                        console: %s
                        power: %s
                        serial: %s
                        credentials: sandbox
                      sandbox-ipmi:
                        vendor: qemu
                        console: %s
                        power: %s
                        serial: %s
                        credentials: sandbox
                    """.formatted(Sandbox.USER, secret, sandbox.consoleUri(), sandbox.powerUri(), sandbox.serialUri(),
                    sandbox.consoleUri(), sandbox.ipmiUri(), sandbox.solUri()));
            cli.out().println("sandbox '" + scenario.id() + "' is running" + (profile == null ? "" : ", posing as " + profile.name()
                    + " (" + profile.title() + ", IPMI manufacturer " + pose.ipmiManufacturer() + ")") + " (Ctrl-C stops it)");
            cli.out().println("  console:   " + sandbox.consoleUri());
            cli.out().println("  power:     " + (pose.redfish() ? sandbox.powerUri() : "no Redfish (a plain IPMI BMC): use ipmi below")
                    + "  (user " + Sandbox.USER + ", password in " + secret + ")");
            cli.out().println("  ipmi:      " + sandbox.ipmiUri() + "  (IPMI v2.0 lanplus, cipher suite 3 or 17; same user and password)");
            cli.out().println("  serial:    " + sandbox.solUri() + "  (serial-over-LAN, one session at a time)");
            cli.out().println("             " + sandbox.serialUri() + "  (raw TCP, no login)");
            cli.out().println("  webhook:   " + sandbox.webhookUrl());
            cli.out().println("  inventory: " + inventory + "  (servers 'sandbox': Redfish + TCP serial, 'sandbox-ipmi': IPMI + SOL)");
            cli.out().println("  try:       vaxiin run dsl-examples/" + exampleFor(scenario) + " --inventory " + inventory + " --target sandbox");
            cli.out().println("             IPMI_PASSWORD=\"$(cat " + secret + ")\" ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "
                    + sandbox.ipmiUri().substring(sandbox.ipmiUri().lastIndexOf(':') + 1) + " -U " + Sandbox.USER + " -E sol activate");
            cli.out().flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                sandbox.close();
                try {
                    Files.deleteIfExists(secret);
                    Files.deleteIfExists(inventory);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // The temporary folder is private to this user.
                }
            }));
            stop.await();
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static VendorProfile profile(String name, Cli cli) {
        VendorProfiles profiles;
        try {
            profiles = VendorProfiles.load(TargetOptions.vendors(cli));
        } catch (VendorProfileException e) {
            throw new UsageException("sandbox: " + e.getMessage());
        }
        return profiles.named(name).orElseThrow(() -> new UsageException("sandbox: no vendor profile '" + name + "' (profiles: "
                + String.join(", ", profiles.all().stream().map(VendorProfile::name).toList()) + ")"));
    }

    private static String exampleFor(Scenario s) {
        return switch (s) {
            case FSCK, HEALTHY -> "fsck.groovy";
            case KERNEL_PANIC -> "kernel-panic.groovy";
            case NO_BOOT_DEVICE -> "no-boot-device.groovy";
            case POST_KEY -> "post-key.groovy";
            case BSOD -> "bsod.groovy";
        };
    }
}
