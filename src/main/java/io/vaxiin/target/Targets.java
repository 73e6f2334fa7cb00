package io.vaxiin.target;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.inventory.InventoryException;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link TargetRequest} (an inventory entry, direct URIs, or nothing: the sandbox) into
 * a {@link Target} with its connectors, chosen by URI scheme from {@link #KINDS}. Every command
 * that talks to a server (run, screen, the REPL, watch) opens its targets here. Every URI is
 * read before anything connects, so a typo costs no connection timeout.
 */
public final class Targets {

    /** The longest a connect to a console may take as a whole, unless the recovery's timeout is shorter. */
    public static final Duration CONNECT_DEADLINE = Duration.ofSeconds(20);

    /** Every kind of connector a target URI can name. */
    static final List<ConnectorKind> KINDS = List.of(new RfbKind(), new RedfishKind(), new IpmiKind(), new TcpSerialKind(),
            new SshSerialKind(), new ScreenshotKind(), new WebKind());

    private Targets() {}

    /**
     * What opening a target needs besides the request.
     *
     * @param log             where connection events and the sandbox's steps go
     * @param secrets         every secret read is added here before anything could print it
     * @param warnings        where warnings about the request go (a password on the command line)
     * @param connectDeadline the longest connecting may take
     * @param scenarioHint    the sandbox scenario to use when nothing names a target (from the script), or null
     * @param vendors         the vendor profiles' folder ({@code lib/vendors}), for a sandbox that poses as one
     * @param withoutLogin    a Redfish URI without credentials is read as far as the BMC answers without a login
     *                        (discover), instead of being refused
     */
    public record Context(RunLog log, Redactor secrets, PrintStream warnings, Duration connectDeadline, String scenarioHint,
                          Path vendors, boolean withoutLogin, Path evidence) {

        public Context(RunLog log, Redactor secrets, PrintStream warnings, Duration connectDeadline, String scenarioHint, Path vendors,
                       boolean withoutLogin) {
            this(log, secrets, warnings, connectDeadline, scenarioHint, vendors, withoutLogin, null);
        }

        /** The same context, with the run folder a connector's failure leaves its evidence in (a web viewer's screenshot). */
        public Context withEvidence(Path runFolder) {
            return new Context(log, secrets, warnings, connectDeadline, scenarioHint, vendors, withoutLogin, runFolder);
        }

        /** The viewer profiles' folder, beside the vendor profiles' ({@code lib/viewers}). */
        Path viewers() {
            return vendors.resolveSibling("viewers");
        }

        public Context(RunLog log, Redactor secrets, PrintStream warnings, Duration connectDeadline, String scenarioHint, Path vendors) {
            this(log, secrets, warnings, connectDeadline, scenarioHint, vendors, false);
        }

        /** A context whose vendor profiles are those of {@code vaxiin.home} (default: the working folder). */
        public Context(RunLog log, Redactor secrets, PrintStream warnings, Duration connectDeadline, String scenarioHint) {
            this(log, secrets, warnings, connectDeadline, scenarioHint,
                    Path.of(System.getProperty("vaxiin.home", ".")).resolve("lib").resolve("vendors"));
        }
    }

    /**
     * Opens the target the request names.
     *
     * @throws TargetException                          for wrong URIs, options or inventory entries (exit 2)
     * @throws io.vaxiin.connector.ConnectorException  when a connector cannot connect (exit 3)
     */
    public static Target open(TargetRequest request, Context context) {
        if (request.name() != null) {
            if (request.console() != null || request.power() != null || request.serial() != null) {
                throw new TargetException("give either --target NAME or direct URIs, not both");
            }
            Path file = request.inventory() == null ? Path.of("inventory.yaml") : request.inventory();
            Inventory inventory;
            try {
                inventory = Inventory.load(file);
            } catch (InventoryException e) {
                throw new TargetException(e.getMessage());
            }
            Inventory.Server server = inventory.server(request.name()).orElseThrow(() -> new TargetException(
                    file + ": no server named '" + request.name() + "' (servers: " + String.join(", ", inventory.servers().keySet()) + ")"));
            if (server.credentials() != null) {
                String mine = ": credentials '" + server.credentials().name() + "' ";
                for (String w : inventory.warnings()) if (w.contains(mine)) context.warnings().println("vaxiin: warning: " + w);
            }
            if (server.console() != null && server.console().startsWith("sandbox:")) {
                return SandboxTarget.open(server.console().substring("sandbox:".length()), request.vendor(), context);
            }
            if (request.vendor() != null) throw new TargetException(notForRealTargets());
            Map<Role, String> uris = new EnumMap<>(Role.class);
            put(uris, Role.CONSOLE, server.console());
            put(uris, Role.POWER, server.power());
            put(uris, Role.SERIAL, server.serial());
            return direct(server.name(), uris, server, request.viewer() != null ? request.viewer() : server.viewer(), context);
        }
        if (request.console() != null && request.console().startsWith("sandbox:")) {
            return SandboxTarget.open(request.console().substring("sandbox:".length()), request.vendor(), context);
        }
        if (request.sandbox()) {
            String scenario = request.scenario() != null ? request.scenario()
                    : context.scenarioHint() != null ? context.scenarioHint() : "healthy";
            return SandboxTarget.open(scenario, request.vendor(), context);
        }
        if (request.scenario() != null) throw new TargetException("--scenario is for the sandbox, not for a real target");
        if (request.viewer() != null && (request.console() == null || !scheme(request.console()).startsWith("web+"))) {
            throw new TargetException("--viewer is for a web-viewer console (--console web+https://HOST)");
        }
        if (request.vendor() != null) throw new TargetException(notForRealTargets());
        Map<Role, String> uris = new EnumMap<>(Role.class);
        put(uris, Role.CONSOLE, UriSecret.resolve("--console", request.console(), context.secrets(), context.warnings()));
        put(uris, Role.POWER, UriSecret.resolve("--power", request.power(), context.secrets(), context.warnings()));
        put(uris, Role.SERIAL, UriSecret.resolve("--serial", request.serial(), context.secrets(), context.warnings()));
        String first = uris.values().iterator().next();
        return direct(hostOf(first), uris, null, request.viewer(), context);
    }

    private static String notForRealTargets() {
        return "--vendor is for the sandbox (its BMC poses as that profile's); a real BMC's profile comes from discovery,"
                + " or from profile: in the inventory";
    }

    private static void put(Map<Role, String> uris, Role role, String uri) {
        if (uri != null) uris.put(role, uri);
    }

    /** Opens the URIs of one target; {@code server} is its inventory entry, or null for direct URIs. */
    private static Target direct(String name, Map<Role, String> uris, Inventory.Server server, String viewer, Context context) {
        boolean fromInventory = server != null;
        String vendor = server == null ? null : server.vendor();
        Endpoint endpoint = server == null
                ? new Endpoint(name, null, null, null, List.of(), context.log(), context.secrets(), context.connectDeadline(), context.withoutLogin(),
                        viewer, context.viewers(), context.evidence())
                : new Endpoint(name, server.credentials(), server.tlsFingerprint(), server.knownHosts(), server.sshHostKeys(),
                        context.log(), context.secrets(), context.connectDeadline(), context.withoutLogin(), viewer, context.viewers(),
                        context.evidence());
        Map<Role, ConnectorKind.Connection> prepared = new EnumMap<>(Role.class);
        try {
            for (Map.Entry<Role, String> e : uris.entrySet()) {
                prepared.put(e.getKey(), prepare(e.getKey(), e.getValue(), endpoint, fromInventory ? name : null));
            }
        } catch (InventoryException e) {
            throw new TargetException(name + ": " + e.getMessage());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        Map<Role, Opened> opened = new LinkedHashMap<>();
        try {
            for (Map.Entry<Role, ConnectorKind.Connection> e : prepared.entrySet()) {
                Opened o = e.getValue().connect();
                resources.add(0, o.resource());
                opened.put(e.getKey(), o);
            }
        } catch (RuntimeException e) {
            Target.closeAll(resources);
            throw e;
        }
        Console console = part(opened, Role.CONSOLE, Opened::console);
        Power power = part(opened, Role.POWER, Opened::power);
        Boot boot = part(opened, Role.POWER, Opened::boot);
        Serial serial = part(opened, Role.SERIAL, Opened::serial);
        String model = "unknown";
        for (Opened o : opened.values()) {
            if (vendor == null && o.vendor() != null) vendor = o.vendor();
            if (model.equals("unknown") && o.model() != null) model = o.model();
        }
        String desc = name + " (" + opened.entrySet().stream().map(e -> e.getKey().key + " " + e.getValue().describe())
                .collect(Collectors.joining(", ")) + ")";
        return new Target(name, console, power, boot, serial, new ServerFacts(name, vendor == null ? "unknown" : vendor, model),
                Map.of(), desc, resources);
    }

    private static <T> T part(Map<Role, Opened> opened, Role role, java.util.function.Function<Opened, T> get) {
        Opened o = opened.get(role);
        return o == null ? null : get.apply(o);
    }

    private static ConnectorKind.Connection prepare(Role role, String uri, Endpoint endpoint, String inventoryServer) {
        String where = inventoryServer == null ? role.option + " " + redact(uri) : inventoryServer + ": " + role.key + " " + redact(uri);
        String scheme = scheme(uri);
        ConnectorKind kind = null;
        for (ConnectorKind k : KINDS) {
            if (role.equals(k.schemes().get(scheme))) kind = k;
        }
        if (kind == null) {
            throw new TargetException(where + ": a " + role.key + " URI starts with " + schemesFor(role));
        }
        try {
            return kind.prepare(uri, endpoint);
        } catch (IllegalArgumentException e) {
            throw new TargetException(where + ": " + e.getMessage());
        }
    }

    /** "vnc://, ws:// or wss://". */
    static String schemesFor(Role role) {
        List<String> schemes = new ArrayList<>();
        for (ConnectorKind k : KINDS) {
            k.schemes().forEach((s, r) -> {
                if (r == role) schemes.add(s + "://");
            });
        }
        if (schemes.size() == 1) return schemes.get(0);
        return String.join(", ", schemes.subList(0, schemes.size() - 1)) + " or " + schemes.get(schemes.size() - 1);
    }

    /** The sandbox scenario a script asks for with a line {@code // sandbox: NAME}, or null. */
    public static String scenarioOf(String scriptText) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*//\\s*sandbox:\\s*([\\w-]+)").matcher(scriptText);
        return m.find() ? m.group(1) : null;
    }

    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static String hostOf(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null ? redact(uri) : host;
        } catch (IllegalArgumentException e) {
            return redact(uri);
        }
    }

    /** A URI as it may be shown: without the credentials part. */
    public static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
