package io.vaxiin.cli;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.ipmi.IpmiChassis;
import io.vaxiin.connector.ipmi.IpmiFacts;
import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.connector.redfish.RedfishFacts;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.inventory.Inventory;
import io.vaxiin.inventory.InventoryException;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetException;
import io.vaxiin.target.TargetRequest;
import io.vaxiin.target.Targets;
import io.vaxiin.vendor.Recognition;
import io.vaxiin.vendor.VendorProfile;
import io.vaxiin.vendor.VendorProfileException;
import io.vaxiin.vendor.VendorProfiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vaxiin discover [target] | --inventory F}: what each BMC says about itself (vendor,
 * model, firmware, serial number, power state, what it supports), the vendor profile it is,
 * and the console paths that profile offers. A table for people, {@code --json} for tools.
 */
final class DiscoverCommand {

    private DiscoverCommand() {}

    static int run(List<String> argv, Cli cli) {
        Args args = new Args("discover", argv, TargetOptions.OPTIONS, Set.of("--help", "--json", "--write"));
        if (!args.positional().isEmpty()) throw new UsageException("discover: unexpected argument '" + args.positional().get(0) + "'");
        VendorProfiles profiles;
        try {
            profiles = VendorProfiles.load(cli.home().resolve("lib").resolve("vendors"));
        } catch (VendorProfileException e) {
            throw new UsageException("discover: " + e.getMessage());
        }
        TargetRequest request = TargetOptions.request(args);
        List<TargetRequest> targets = new ArrayList<>();
        boolean wholeInventory = request.name() == null && request.console() == null && request.power() == null
                && request.serial() == null && request.scenario() == null && request.vendor() == null
                && request.inventory() != null;
        if (wholeInventory) {
            Inventory inventory;
            try {
                inventory = Inventory.load(request.inventory());
            } catch (InventoryException e) {
                throw new UsageException(e.getMessage());
            }
            for (String name : inventory.servers().keySet()) {
                targets.add(new TargetRequest(name, request.inventory(), null, null, null, null));
            }
        } else {
            targets.add(request);
        }
        List<Map<String, Object>> found = new ArrayList<>();
        int worst = 0;
        for (TargetRequest t : targets) {
            Map<String, Object> one = new LinkedHashMap<>();
            int code = discover(t, profiles, cli, one);
            worst = Math.max(worst, code);
            found.add(one);
            if (!args.flag("--json")) print(one, cli);
        }
        if (args.flag("--json")) cli.out().println(groovy.json.JsonOutput.prettyPrint(groovy.json.JsonOutput.toJson(
                wholeInventory ? found : found.get(0))));
        if (args.flag("--write")) write(targets, found, cli);
        return worst;
    }

    /** Writes each inventory server's vendor and model into the inventory, keeping the rest of the file as it is. */
    private static void write(List<TargetRequest> targets, List<Map<String, Object>> found, Cli cli) {
        Path file = null;
        List<io.vaxiin.inventory.InventoryEditor.Change> changes = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            TargetRequest t = targets.get(i);
            if (t.name() == null) throw new UsageException("discover: --write needs servers of an inventory (--inventory FILE, or --target NAME)");
            file = t.inventory() != null ? t.inventory() : Path.of("inventory.yaml");
            Map<String, Object> one = found.get(i);
            // a BMC that refused the login may still have named its vendor (its public service root): that much is written
            for (String key : one.containsKey("error") ? List.of("vendor") : List.of("vendor", "model")) {
                Object v = one.get(key);
                if (v != null && !"unknown".equals(v)) changes.add(new io.vaxiin.inventory.InventoryEditor.Change(t.name(), key, v.toString()));
            }
        }
        if (file == null || changes.isEmpty()) {
            cli.err().println("vaxiin: discover: nothing to write (no server answered with a vendor or model)");
            return;
        }
        try {
            List<String> refused = io.vaxiin.inventory.InventoryEditor.apply(file, changes);
            for (String r : refused) cli.err().println("vaxiin: discover: not written: " + r);
            cli.err().println("vaxiin: discover: wrote " + (changes.size() - refused.size()) + " value" + (changes.size() - refused.size() == 1 ? "" : "s")
                    + " (vendor, model) to " + file);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageException("discover: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Fills {@code out} with what the target says; returns the exit code (3 when it could not be reached). */
    private static int discover(TargetRequest request, VendorProfiles profiles, Cli cli, Map<String, Object> out) {
        RunLog quiet = new RunLog() {
            @Override public void step(String text) { }
            @Override public void warn(String text) { cli.err().println("vaxiin: " + text); }
        };
        out.put("server", request.name() != null ? request.name() : io.vaxiin.repl.Repl.where(request));
        Target target;
        try {
            target = Targets.open(request, new Targets.Context(quiet, cli.redactor(), cli.err(), Targets.CONNECT_DEADLINE, null,
                    TargetOptions.vendors(cli), true));
        } catch (TargetException e) {
            out.put("error", e.getMessage());
            cli.err().println("vaxiin: discover: " + e.getMessage());
            return 2;
        } catch (ConnectorException e) {
            if (e instanceof io.vaxiin.connector.FoundBeforeLogin before) {
                // The BMC answered something before the login: say what it told, and why the rest is missing.
                Map<String, String> found = before.foundBeforeLogin();
                out.putAll(found);
                out.put("error", e.getMessage());
                out.put("notFound", List.of("identity, power and boot: " + e.getMessage()));
                cli.err().println("vaxiin: discover: " + e.getMessage() + (found.isEmpty()
                        ? " (it told nothing before the login)"
                        : " (found without a login: " + String.join(", ", found.entrySet().stream()
                                .map(x -> x.getKey() + " " + x.getValue()).toList()) + ")"));
                return 3;
            }
            out.put("error", e.getMessage());
            cli.err().println("vaxiin: discover: " + e.getMessage());
            return 3;
        }
        List<String> missing = new ArrayList<>();
        try (target) {
            out.put("vendor", target.facts().vendor());
            out.put("model", target.facts().model());
            if (target.power() instanceof RedfishClient rc) {
                RedfishFacts f = rc.facts();
                out.put("manufacturer", f.manufacturer());
                out.put("serialNumber", f.serialNumber());
                out.put("bmc", f.managerModel());
                out.put("firmware", f.firmwareVersion());
                out.put("redfishVersion", f.redfishVersion());
                out.put("resetTypes", f.resetTypes());
                out.put("bootTargets", f.bootTargets());
                out.put("sessions", f.sessions());
            } else if (target.power() instanceof IpmiChassis ipmi) {
                IpmiFacts f = ipmi.facts();
                out.put("manufacturerId", f.manufacturerId());
                out.put("firmware", f.firmware());
                out.put("ipmiVersion", f.ipmiVersion());
                try {
                    out.put("sol", ipmi.solEnabled() ? "enabled" : "disabled");
                } catch (ConnectorException e) {
                    missing.add("SOL: " + e.getMessage());
                }
            }
            Power power = target.power();
            if (power != null) {
                try {
                    out.put("power", power.state().name().toLowerCase());
                    out.put("powerActions", power.supported().stream().map(a -> a.name().toLowerCase()).toList());
                } catch (ConnectorException e) {
                    missing.add("power state: " + e.getMessage());
                }
            } else {
                missing.add("power and boot: no power URI (--power redfish://… or ipmi://…)");
            }
            Boot boot = target.boot();
            if (boot != null) {
                try {
                    Boot.Setting s = boot.current();
                    out.put("bootOverride", s.device() == Boot.Device.NONE ? "none" : s.device().name().toLowerCase() + (s.once() ? " once" : ""));
                } catch (ConnectorException e) {
                    missing.add("boot override: " + e.getMessage());
                }
            }
            Map<String, String> consoles = new LinkedHashMap<>();
            if (target.console() != null) consoles.put("kvm", target.console().describe());
            if (target.serial() != null) consoles.put("serial", target.serial().describe());
            out.put("connected", consoles);
            String chosen = inventoryProfile(request);
            if (chosen != null && profiles.named(chosen).isEmpty()) {
                missing.add("profile: the inventory names '" + chosen + "', which is not a file of lib/vendors ("
                        + String.join(", ", profiles.all().stream().map(VendorProfile::name).toList()) + ")");
            }
            Recognition r = io.vaxiin.vendor.TargetProfile.of(target, profiles, chosen);
            VendorProfile p = r.profile();
            out.put("profile", p == null ? null : p.name());
            out.put("profileWhy", r.why() + (r.candidates().isEmpty() ? "" : " (also: "
                    + String.join(", ", r.candidates().stream().map(VendorProfile::name).toList()) + ")"));
            if (p != null) {
                out.put("vendor", p.vendor());
                out.put("consolePaths", p.consoles().stream().map(VendorProfile.ConsolePath::describe).toList());
            }
            out.put("notFound", missing);
            for (String m : missing) cli.err().println("vaxiin: discover: " + out.get("server") + ": not found: " + m);
            return 0;
        }
    }

    /** The profile the inventory gives the server, or null. */
    private static String inventoryProfile(TargetRequest request) {
        if (request.name() == null) return null;
        try {
            Path file = request.inventory() != null ? request.inventory() : Path.of("inventory.yaml");
            return Inventory.load(file).server(request.name()).map(Inventory.Server::profile).orElse(null);
        } catch (InventoryException e) {
            return null; // opening the target already said what is wrong with the inventory
        }
    }

    private static void print(Map<String, Object> one, Cli cli) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : one.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof List<?> l && l.isEmpty() || e.getKey().equals("notFound")) continue;
            String shown = v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : v instanceof Map<?, ?> m ? String.join("; ", m.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList())
                    : String.valueOf(v);
            sb.append(String.format("%-15s %s%n", e.getKey(), shown));
        }
        cli.out().print(sb);
        cli.out().println();
    }
}
