package io.vaxiin.cli;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.connector.redfish.RedfishConfig;
import io.vaxiin.connector.redfish.RedfishFacts;
import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.inventory.InventoryException;
import io.vaxiin.sandbox.Sandbox;
import io.vaxiin.sandbox.Scenario;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One server as a command sees it: its connectors (any may be absent), its facts, and the
 * resources to close. Opened from {@code --target NAME} (the inventory), from direct URIs, or,
 * with neither, from a sandbox started in this process.
 */
final class Target implements AutoCloseable {

    final String name;
    final Console console;
    final Power power;
    final Boot boot;
    final ServerFacts facts;
    final Map<String, String> defaultParams;
    final String description;
    private final List<AutoCloseable> resources;

    private Target(String name, Console console, Power power, Boot boot, ServerFacts facts,
                   Map<String, String> defaultParams, String description, List<AutoCloseable> resources) {
        this.name = name;
        this.console = console;
        this.power = power;
        this.boot = boot;
        this.facts = facts;
        this.defaultParams = defaultParams;
        this.description = description;
        this.resources = resources;
    }

    /** The longest a connect to a console may take as a whole, unless the recovery's timeout is shorter. */
    static final java.time.Duration CONNECT_DEADLINE = java.time.Duration.ofSeconds(20);

    /** The target options every command that talks to a server takes. */
    static final java.util.Set<String> OPTIONS = java.util.Set.of("--target", "--inventory", "--console", "--power", "--serial", "--scenario");

    /**
     * Opens the target the options name.
     *
     * @param scenarioHint the sandbox scenario to use when no target is given (from the script)
     * @throws UsageException      for wrong options, URIs or inventory entries (exit 2)
     * @throws ConnectorException  when a connector cannot connect (exit 3 or 1)
     */
    static Target open(Args args, String scenarioHint, RunLog log, Redactor secrets, java.io.PrintStream warnings,
                       java.time.Duration connectDeadline) {
        String targetName = args.option("--target");
        String console = args.option("--console");
        String power = args.option("--power");
        String serial = args.option("--serial");
        String scenario = args.option("--scenario");
        if (serial != null) {
            throw new UsageException("--serial " + scheme(serial) + ": serial consoles are not supported in this version yet");
        }
        if (targetName != null) {
            if (console != null || power != null) throw new UsageException("give either --target NAME or direct URIs, not both");
            Path file = Path.of(args.option("--inventory") == null ? "inventory.yaml" : args.option("--inventory"));
            Inventory inventory;
            try {
                inventory = Inventory.load(file);
            } catch (InventoryException e) {
                throw new UsageException(e.getMessage());
            }
            Inventory.Server server = inventory.server(targetName).orElseThrow(() -> new UsageException(
                    file + ": no server named '" + targetName + "' (servers: " + String.join(", ", inventory.servers().keySet()) + ")"));
            return direct(server.name(), server.console(), server.power(), server.credentials(), server.tlsFingerprint(),
                    server.vendor(), log, secrets, connectDeadline);
        }
        if (console != null && console.startsWith("sandbox:")) {
            return sandbox(console.substring("sandbox:".length()), log, secrets);
        }
        if (console == null && power == null) {
            return sandbox(scenario != null ? scenario : scenarioHint != null ? scenarioHint : "healthy", log, secrets);
        }
        if (scenario != null) throw new UsageException("--scenario is for the sandbox, not for a real target");
        console = UriSecret.resolve("--console", console, secrets, warnings);
        power = UriSecret.resolve("--power", power, secrets, warnings);
        String name = hostOf(console != null ? console : power);
        return direct(name, console, power, null, null, null, log, secrets, connectDeadline);
    }

    private static Target sandbox(String scenarioName, RunLog log, Redactor secrets) {
        Scenario scenario = Scenario.byId(scenarioName).orElseThrow(() -> new UsageException(
                "no sandbox scenario '" + scenarioName + "' (scenarios: " + Scenario.names() + ")"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Sandbox sandbox = Sandbox.start(scenario, 1.0, log::step);
            resources.add(sandbox);
            log.step("sandbox '" + scenario.id() + "' started: console " + sandbox.consoleUri() + ", power " + sandbox.powerUri());
            char[] password = sandbox.password();
            secrets.add(password);
            RfbConsole console = RfbConsole.connect(RfbConfig.fromUri(sandbox.consoleUri())
                    .listener(e -> log.warn(e.message())).build());
            resources.add(0, console);
            RedfishClient bmc = RedfishClient.connect(RedfishConfig.builder().uri(sandbox.powerUri())
                    .credentials(Sandbox.USER, password).build());
            Arrays.fill(password, '\0');
            resources.add(0, bmc);
            RedfishFacts facts = bmc.facts();
            return new Target("sandbox", console, bmc, bmc, new ServerFacts("sandbox", "qemu", facts.model()),
                    Map.of("webhook", sandbox.webhookUrl()), "the sandbox (scenario " + scenario.id() + ")", resources);
        } catch (IOException e) {
            closeAll(resources);
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static Target direct(String name, String consoleUri, String powerUri, Inventory.Credentials credentials,
                                 String pin, String vendor, RunLog log, Redactor secrets, java.time.Duration connectDeadline) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // Every URI is checked before anything connects: a typo costs no connection timeout.
            if (consoleUri != null && !List.of("vnc", "ws", "wss").contains(scheme(consoleUri))) {
                throw new UsageException("--console " + redact(consoleUri) + ": a console URI starts with vnc://, ws:// or wss://");
            }
            if (powerUri != null && scheme(powerUri).equals("ipmi")) {
                throw new UsageException("--power " + redact(powerUri) + ": IPMI is not supported in this version yet");
            }
            if (powerUri != null && !List.of("redfish", "redfish+http").contains(scheme(powerUri))) {
                throw new UsageException("--power " + redact(powerUri) + ": a power URI starts with redfish:// or redfish+http://");
            }
            Console console = null;
            if (consoleUri != null) {
                String s = scheme(consoleUri);
                RfbConfig.Builder b;
                try {
                    b = RfbConfig.fromUri(consoleUri);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--console " + redact(consoleUri) + ": " + e.getMessage());
                }
                if (pin != null && s.equals("wss")) b.pinnedCertificateSha256(pin);
                if (credentials != null && !consoleUri.contains("@")) {
                    char[] pw = credentials.password().read();
                    secrets.add(pw);
                    b.password(pw);
                    Arrays.fill(pw, '\0');
                }
                java.time.Duration tcp = java.time.Duration.ofSeconds(10);
                console = RfbConsole.connect(b.handshakeTimeout(connectDeadline).connectTimeout(tcp.compareTo(connectDeadline) < 0 ? tcp : connectDeadline)
                        .listener(e -> log.warn(name + ": " + e.message())).build());
                resources.add(console);
            }
            RedfishClient bmc = null;
            String model = "unknown";
            if (powerUri != null) {
                RedfishConfig.Builder b;
                try {
                    b = RedfishConfig.builder().uri(powerUri);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--power " + redact(powerUri) + ": " + e.getMessage());
                }
                if (credentials != null) {
                    char[] pw = credentials.password().read();
                    secrets.add(pw);
                    b.credentials(credentials.username(), pw);
                    Arrays.fill(pw, '\0');
                }
                if (pin != null) b.pinnedCertificateSha256(pin);
                bmc = RedfishClient.connect(b.build());
                resources.add(bmc);
                RedfishFacts f = bmc.facts();
                model = f.model() == null ? "unknown" : f.model();
                if (vendor == null && f.vendor() != null) vendor = f.vendor();
            }
            String desc = name + (console != null ? " (console " + console.describe() : " (")
                    + (bmc != null ? (console != null ? ", " : "") + "power " + bmc.describe() : "") + ")";
            return new Target(name, console, bmc, bmc, new ServerFacts(name, vendor == null ? "unknown" : vendor, model),
                    Map.of(), desc, resources);
        } catch (InventoryException e) {
            closeAll(resources);
            throw new UsageException(name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** The sandbox scenario a script asks for with a line {@code // sandbox: NAME}, or null. */
    static String scenarioOf(String scriptText) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*//\\s*sandbox:\\s*([\\w-]+)").matcher(scriptText);
        return m.find() ? m.group(1) : null;
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static String hostOf(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null ? uri : host;
        } catch (IllegalArgumentException e) {
            return redact(uri);
        }
    }

    /** A URI as it may be shown: without the credentials part. */
    static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    /** Parameters: the target's defaults, overridden by those given. */
    Map<String, String> params(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>(defaultParams);
        all.putAll(given);
        return Collections.unmodifiableMap(all);
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Closes the connectors (logging out of the BMC); only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // Closing is best effort: the run's result is already decided.
            }
        }
    }
}
