package io.vaxiin.connector.redfish;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.redfish.RedfishHttp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Power and boot override of one server through its BMC's Redfish service.
 *
 * <p>{@link #connect} reads the service root, opens a Redfish session (falling back to HTTP Basic
 * when the BMC offers none or will not make one) and finds the first ComputerSystem and its
 * Manager. {@link #close()} deletes the session.
 *
 * <p>Every action is verified by reading the state back, every {@link RedfishConfig#verifyInterval()},
 * until it follows or the caller's timeout passes:
 * <ul>
 *   <li>{@code on}: {@code On} (or {@code ForceOn}), verified when {@code PowerState} reads {@code On};</li>
 *   <li>{@code off}: {@code ForceOff}, and {@code soft}: {@code GracefulShutdown}, verified when it reads {@code Off};</li>
 *   <li>{@code reset}: {@code ForceRestart}; where the BMC does not allow it (iDRAC 8 lists only
 *       {@code GracefulRestart}), {@code PowerCycle}, else {@code ForceOff} then {@code On}, and
 *       {@code GracefulRestart} only when nothing else is allowed: a graceful restart asks the operating
 *       system, and a server stuck in firmware or a frozen kernel never answers. A warm
 *       restart often never shows {@code Off} in {@code PowerState}, so what is verified is that the
 *       BMC accepted it and the server reads {@code On} afterwards (passing through {@code Off} is fine);</li>
 *   <li>{@code cycle}: {@code PowerCycle} when the BMC lists it, verified as {@code reset}; otherwise
 *       {@code ForceOff}, wait for {@code Off}, then {@code On}, wait for {@code On}, all within the timeout.</li>
 * </ul>
 * {@code on} on a server that reads {@code On}, and {@code off}/{@code soft} on one that reads
 * {@code Off}, send nothing: they are already done (some BMCs answer such a request with an error).
 *
 * <p>Only the ResetType values the BMC allows are sent: those in
 * {@code ResetType@Redfish.AllowableValues}, else in the {@code @Redfish.ActionInfo} resource, else
 * the schema's standard set (then {@code cycle} is always composed, as {@code PowerCycle} is not
 * universal). A value some firmware lists with a separator missing (Supermicro's
 * {@code GracefulShutdownGracefulRestart}) is read as the values it joins.
 *
 * <p>A boot override is PATCHed with the {@code If-Match} of the system's ETag (its {@code ETag}
 * header, else {@code @odata.etag}) when it has one; a 412 (changed meanwhile) or 428 (If-Match
 * wanted) is answered by reading it again and one more try. The {@code BootSourceOverrideMode} the
 * system reports goes back with the target unchanged, as some firmware falls back to Legacy when an
 * override comes without it (Supermicro: ironcore-dev/metal-operator#607); a BMC that holds it
 * read-only refuses that PATCH with 400 (metal-operator#608, #985), so it goes again without it and
 * this client no longer sends it.
 *
 * <p>Not meant for concurrent actions on one server from several threads.
 */
public final class RedfishClient implements Power, Boot {

    /** The ResetType values of the Redfish schema (Resource.ResetType). */
    public static final List<String> STANDARD_RESET_TYPES = List.of("On", "ForceOff", "GracefulShutdown",
            "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle",
            "Suspend", "Pause", "Resume", "FullPowerCycle");

    private static final Map<Device, String> TARGETS = Map.of(Device.PXE, "Pxe", Device.DISK, "Hdd",
            Device.CD, "Cd", Device.BIOS, "BiosSetup", Device.NONE, "None");

    private final RedfishConfig config;
    private final RedfishHttp http;
    private final String systemPath;
    private final String resetTarget;
    private final RedfishFacts facts;
    // Cleared once the BMC refused a PATCH that carried BootSourceOverrideMode and took it without.
    private volatile boolean sendBootMode = true;

    private RedfishClient(RedfishConfig config, RedfishHttp http) {
        this.config = config;
        this.http = http;
        String phase = "discovery";
        Reply rootReply = http.send("GET", "/redfish/v1/", null, null, false, "connect");
        Map<String, Object> root;
        if (rootReply.code() == 401 || rootReply.code() == 403) {
            root = null; // this BMC wants credentials even for the service root
        } else if (!rootReply.ok()) {
            throw http.refused("GET", "/redfish/v1/", rootReply, "connect");
        } else if (rootReply.json() == null) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), RedfishHttp.PROTOCOL, "connect",
                    where() + " sent an empty service root");
        } else {
            root = rootReply.json();
        }
        String sessions = root == null ? null : link(path(root, "Links", "Sessions"));
        boolean session;
        try {
            session = http.login(sessions);
        } catch (ConnectorException e) {
            if (root == null || e.kind() != Kind.AUTHENTICATION) throw e;
            throw new RedfishLoginRefused(e, withoutLogin(root));
        }
        if (root == null) root = http.get("/redfish/v1/", phase).json();

        String systems = link(root.get("Systems"));
        if (systems == null) throw protocol(phase, "offers no Systems collection in its service root");
        List<String> systemPaths = members(http.get(systems, phase).json());
        if (systemPaths.isEmpty()) throw protocol(phase, "lists no ComputerSystem in " + systems);
        systemPath = systemPaths.get(0);
        Map<String, Object> system = http.get(systemPath, phase).json();

        String managerPath = null;
        if (path(system, "Links", "ManagedBy") instanceof List<?> managedBy && !managedBy.isEmpty()) {
            managerPath = link(managedBy.get(0));
        }
        String managers = link(root.get("Managers"));
        if (managerPath == null && managers != null) {
            List<String> m = members(http.get(managers, phase).json());
            if (!m.isEmpty()) managerPath = m.get(0);
        }
        Map<String, Object> manager = null;
        if (managerPath != null) {
            try {
                manager = http.get(managerPath, phase).json();
            } catch (ConnectorException e) {
                if (e.kind() != Kind.REFUSED) throw e;
                // Facts about the BMC are nice to have; power and boot do not need them.
            }
        }

        List<String> resetTypes = new ArrayList<>();
        String source;
        String target = null;
        if (path(system, "Actions", "#ComputerSystem.Reset") instanceof Map<?, ?> reset) {
            target = reset.get("target") instanceof String t ? t : null;
            List<String> fromInfo = reset.get("ResetType@Redfish.AllowableValues") == null
                    && reset.get("@Redfish.ActionInfo") instanceof String info ? actionInfo(info) : null;
            if (reset.get("ResetType@Redfish.AllowableValues") instanceof List<?> inline) {
                resetTypes.addAll(clean(inline));
                source = "inline";
            } else if (fromInfo != null) {
                resetTypes.addAll(fromInfo);
                source = "ActionInfo";
            } else {
                resetTypes.addAll(STANDARD_RESET_TYPES);
                source = "assumed";
            }
        } else {
            source = "none";
        }
        resetTarget = target;
        List<String> bootTargets = new ArrayList<>();
        if (path(system, "Boot", "BootSourceOverrideTarget@Redfish.AllowableValues") instanceof List<?> l) {
            for (Object o : l) if (o instanceof String s) bootTargets.add(s);
        }
        facts = new RedfishFacts(vendor(root, system, manager),
                text(system.get("Manufacturer")), text(system.get("Model")), text(system.get("SerialNumber")),
                manager == null ? null : text(manager.get("Model")),
                manager == null ? null : text(manager.get("FirmwareVersion")),
                text(root.get("RedfishVersion")), systemPath, managerPath, resetTypes, source, bootTargets, session);
    }

    /**
     * Connects: reads the service root, logs in and discovers the system.
     *
     * @throws ConnectorException UNREACHABLE, AUTHENTICATION, REFUSED or PROTOCOL, with one sentence
     */
    public static RedfishClient connect(RedfishConfig config) {
        RedfishHttp http = new RedfishHttp(config);
        try {
            return new RedfishClient(config, http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** What discovery found: vendor, model, firmware, the allowed ResetType and boot target values. */
    public RedfishFacts facts() {
        return facts;
    }

    public RedfishConfig config() {
        return config;
    }

    // ---- Power ------------------------------------------------------------------------------

    /** The system's {@code PowerState} as Redfish names it: On, Off, PoweringOn, PoweringOff, Paused; or null. */
    public String powerState() {
        return text(http.get(systemPath, "power state").json().get("PowerState"));
    }

    @Override
    public State state() {
        String s = powerState();
        if ("On".equals(s)) return State.ON;
        if ("Off".equals(s)) return State.OFF;
        return State.UNKNOWN;
    }

    @Override
    public Set<Action> supported() {
        Set<Action> set = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (plan(a) != null) set.add(a);
        }
        return set;
    }

    /** The ResetType values to send for an action, in order, or null when the BMC does not allow it. */
    private List<String> plan(Action action) {
        if (resetTarget == null) return null;
        List<String> allowed = facts.resetTypes();
        String on = allowed.contains("On") ? "On" : allowed.contains("ForceOn") ? "ForceOn" : null;
        return switch (action) {
            case ON -> on == null ? null : List.of(on);
            case OFF -> allowed.contains("ForceOff") ? List.of("ForceOff") : null;
            case SOFT -> allowed.contains("GracefulShutdown") ? List.of("GracefulShutdown") : null;
            case RESET -> allowed.contains("ForceRestart") ? List.of("ForceRestart")
                    : allowed.contains("PowerCycle") && !facts.resetTypesSource().equals("assumed") ? List.of("PowerCycle")
                    : allowed.contains("ForceOff") && on != null ? List.of("ForceOff", on)
                    : allowed.contains("GracefulRestart") ? List.of("GracefulRestart") : null;
            case CYCLE -> allowed.contains("PowerCycle") && !facts.resetTypesSource().equals("assumed")
                    ? List.of("PowerCycle")
                    : allowed.contains("ForceOff") && on != null ? List.of("ForceOff", on) : null;
        };
    }

    private static String wanted(Action action) {
        return switch (action) {
            case ON -> "On (or ForceOn)";
            case OFF -> "ForceOff";
            case SOFT -> "GracefulShutdown";
            case RESET -> "ForceRestart, PowerCycle, ForceOff and On, or GracefulRestart";
            case CYCLE -> "PowerCycle, or ForceOff and On";
        };
    }

    @Override
    public void power(Action action, Duration verifyTimeout) {
        String name = action.name().toLowerCase(Locale.ROOT);
        List<String> plan = plan(action);
        if (plan == null) {
            if (resetTarget == null) {
                throw new ConnectorException(Kind.REFUSED, config.endpoint(), RedfishHttp.PROTOCOL, "reset",
                        where() + " offers no #ComputerSystem.Reset action on " + systemPath + ", so it cannot do power '" + name + "'");
            }
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), RedfishHttp.PROTOCOL, "reset",
                    where() + " does not allow power '" + name + "' (" + wanted(action) + "); it allows "
                            + String.join(", ", facts.resetTypes()));
        }
        long deadline = System.nanoTime() + verifyTimeout.toNanos();
        String before = powerState();
        switch (action) {
            case ON -> {
                if ("On".equals(before)) return;
                reset(plan.get(0));
                awaitPower("On", plan.get(0), before, deadline, verifyTimeout);
            }
            case OFF, SOFT -> {
                if ("Off".equals(before)) return;
                reset(plan.get(0));
                awaitPower("Off", plan.get(0), before, deadline, verifyTimeout);
            }
            case RESET, CYCLE -> {
                if (plan.size() == 1) {
                    reset(plan.get(0));
                    awaitPower("On", plan.get(0), before, deadline, verifyTimeout);
                } else {
                    if (!"Off".equals(before)) {
                        reset(plan.get(0));
                        awaitPower("Off", plan.get(0), before, deadline, verifyTimeout);
                    }
                    reset(plan.get(1));
                    awaitPower("On", plan.get(1), "Off", deadline, verifyTimeout);
                }
            }
        }
    }

    private void reset(String resetType) {
        Reply r = http.call("POST", resetTarget, Map.of("ResetType", resetType), null, "reset");
        if (!r.ok()) throw http.refused("POST", resetTarget, r, "reset " + resetType);
    }

    private void awaitPower(String want, String sent, String before, long deadline, Duration timeout) {
        boolean changed = false;
        String now = before;
        while (true) {
            String s = powerState();
            if (want.equals(s)) return;
            if (s == null ? now != null : !s.equals(now)) changed = true;
            now = s;
            if (!pause(deadline)) break;
        }
        String seen = now == null ? "no PowerState" : now;
        throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), RedfishHttp.PROTOCOL, "verify " + sent,
                where() + " accepted " + sent + " but PowerState " + (changed ? "read " + seen + ", not " + want + ", after "
                        : "stayed " + seen + " for ") + RedfishHttp.seconds(timeout));
    }

    /** Sleeps one verify interval, or less to meet the deadline; false when the deadline has passed. */
    private boolean pause(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        try {
            Thread.sleep(Math.max(1, Math.min(config.verifyInterval().toMillis(), left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), RedfishHttp.PROTOCOL, "verify",
                    where() + ": verifying was interrupted", e);
        }
        return true;
    }

    // ---- Boot -------------------------------------------------------------------------------

    @Override
    public Setting current() {
        Map<String, Object> boot = bootOf(http.get(systemPath, "boot override").json());
        return setting(text(boot.get("BootSourceOverrideTarget")), text(boot.get("BootSourceOverrideEnabled")));
    }

    private Setting setting(String target, String enabled) {
        if (enabled == null || "Disabled".equals(enabled) || target == null || "None".equals(target)) {
            return new Setting(Device.NONE, false);
        }
        for (Map.Entry<Device, String> e : TARGETS.entrySet()) {
            if (e.getValue().equals(target)) return new Setting(e.getKey(), "Once".equals(enabled));
        }
        throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), RedfishHttp.PROTOCOL, "boot override",
                where() + " reports the boot override " + target + " (" + enabled
                        + "), which is none of pxe, disk, cd, bios");
    }

    @Override
    public void boot(Device device, boolean once, Duration verifyTimeout) {
        String phase = "boot override";
        long deadline = System.nanoTime() + verifyTimeout.toNanos();
        Reply r = http.get(systemPath, phase);
        Map<String, Object> boot = bootOf(r.json());
        String target = TARGETS.get(device);
        String enabled = device == Device.NONE ? "Disabled" : once ? "Once" : "Continuous";
        List<String> targets = strings(boot.get("BootSourceOverrideTarget@Redfish.AllowableValues"));
        List<String> enableds = strings(boot.get("BootSourceOverrideEnabled@Redfish.AllowableValues"));
        String name = device.name().toLowerCase(Locale.ROOT);
        if (device != Device.NONE && targets != null && !targets.contains(target)) {
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), RedfishHttp.PROTOCOL, phase,
                    where() + " does not offer boot '" + name + "' (" + target + "); it offers " + String.join(", ", targets));
        }
        if (enableds != null && !enableds.contains(enabled)) {
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), RedfishHttp.PROTOCOL, phase,
                    where() + " does not offer a boot override that is " + enabled + "; it offers " + String.join(", ", enableds));
        }
        Map<String, Object> wanted = new LinkedHashMap<>();
        if (device != Device.NONE || targets == null || targets.contains("None")) wanted.put("BootSourceOverrideTarget", target);
        wanted.put("BootSourceOverrideEnabled", enabled);
        String mode = sendBootMode && device != Device.NONE ? text(boot.get("BootSourceOverrideMode")) : null;
        if (mode != null) wanted.put("BootSourceOverrideMode", mode);
        Reply p = patch(Map.of("Boot", wanted), r.etag(), phase);
        if (p.code() == 400 && mode != null) {
            // A 400 changed nothing: the same override without the mode, which this BMC holds read-only.
            wanted.remove("BootSourceOverrideMode");
            Reply without = patch(Map.of("Boot", wanted), http.get(systemPath, phase).etag(), phase);
            if (without.ok()) sendBootMode = false;
            p = without.ok() ? without : p;
        }
        if (!p.ok()) throw http.refused("PATCH", systemPath, p, phase);

        String seenTarget;
        String seenEnabled;
        while (true) {
            Map<String, Object> now = bootOf(http.get(systemPath, "verify " + phase).json());
            seenTarget = text(now.get("BootSourceOverrideTarget"));
            seenEnabled = text(now.get("BootSourceOverrideEnabled"));
            boolean done = device == Device.NONE
                    ? "Disabled".equals(seenEnabled) || "None".equals(seenTarget)
                    : target.equals(seenTarget) && enabled.equals(seenEnabled);
            if (done) return;
            if (!pause(deadline)) break;
        }
        throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), RedfishHttp.PROTOCOL, "verify " + phase,
                where() + " accepted the boot override " + target + " (" + enabled + ") but it reads "
                        + seenTarget + " (" + seenEnabled + ") after " + RedfishHttp.seconds(verifyTimeout));
    }

    /** PATCHes the system; a 412 or 428 is answered by reading its ETag again and one more try. */
    private Reply patch(Map<String, Object> body, String etag, String phase) {
        Reply p = http.call("PATCH", systemPath, body, etag, phase);
        if (p.code() == 412 || p.code() == 428) {
            // 412: someone changed the resource between our read and our write; 428: the BMC wants an
            // If-Match this read may not have carried. Without any ETag to send, "*" is any version.
            String fresh = http.get(systemPath, phase).etag();
            p = http.call("PATCH", systemPath, body, fresh == null ? "*" : fresh, phase);
        }
        return p;
    }

    private Map<String, Object> bootOf(Map<String, Object> system) {
        if (system.get("Boot") instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> boot = (Map<String, Object>) m;
            return boot;
        }
        throw new ConnectorException(Kind.REFUSED, config.endpoint(), RedfishHttp.PROTOCOL, "boot override",
                where() + " offers no boot override on " + systemPath + " (no Boot property)");
    }

    // ---- the rest ---------------------------------------------------------------------------

    /** "Redfish at host:port"; never contains a secret. */
    @Override
    public String describe() {
        return where();
    }

    private String where() {
        return http.where();
    }

    /** Deletes the Redfish session (if one was opened) and releases the connections. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "RedfishClient{" + where() + ", user '" + config.username() + "', system " + systemPath
                + (facts.sessions() ? ", session" : ", basic auth") + "}";
    }

    private ConnectorException protocol(String phase, String what) {
        return new ConnectorException(Kind.PROTOCOL, config.endpoint(), RedfishHttp.PROTOCOL, phase, where() + " " + what);
    }

    private List<String> actionInfo(String path) {
        try {
            if (http.get(path, "discovery").json().get("Parameters") instanceof List<?> params) {
                for (Object p : params) {
                    if (p instanceof Map<?, ?> m && "ResetType".equals(m.get("Name"))
                            && m.get("AllowableValues") instanceof List<?> values) {
                        return clean(values);
                    }
                }
            }
        } catch (ConnectorException e) {
            if (e.kind() != Kind.REFUSED && e.kind() != Kind.PROTOCOL) throw e;
            // An ActionInfo that cannot be read is as good as none: fall back to the standard set.
        }
        return null;
    }

    /** The values as strings, with values missing a separator split into the standard ones they join. */
    static List<String> clean(Collection<?> values) {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : values) {
            if (!(o instanceof String s) || s.isBlank()) continue;
            List<String> parts = STANDARD_RESET_TYPES.contains(s) ? null : split(s);
            if (parts != null && parts.size() > 1) out.addAll(parts);
            else out.add(s);
        }
        return List.copyOf(out);
    }

    private static List<String> split(String s) {
        if (s.isEmpty()) return new ArrayList<>();
        for (String t : STANDARD_RESET_TYPES) {
            if (s.startsWith(t)) {
                List<String> rest = split(s.substring(t.length()));
                if (rest != null) {
                    rest.add(0, t);
                    return rest;
                }
            }
        }
        return null;
    }

    /**
     * Reads only the service root, which Redfish serves without a login, for a URI that gives no
     * credentials: the answer is always an exception, carrying what the root said.
     *
     * @return never; throws {@link RedfishLoginRefused} (AUTHENTICATION) with the root's facts, or the
     *         ConnectorException of a BMC that did not answer or wants a login even for its root
     */
    public static RedfishLoginRefused withoutLogin(RedfishConfig config) {
        try (RedfishHttp http = new RedfishHttp(config)) {
            Reply r = http.send("GET", "/redfish/v1/", null, null, false, "connect");
            ConnectorException none = new ConnectorException(Kind.AUTHENTICATION, config.endpoint(), RedfishHttp.PROTOCOL, "connect",
                    http.where() + " was asked without a login (the URI gives no credentials)");
            if (r.code() == 401 || r.code() == 403) return new RedfishLoginRefused(none, Map.of());
            if (!r.ok()) throw http.refused("GET", "/redfish/v1/", r, "connect");
            if (r.json() == null) throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), RedfishHttp.PROTOCOL, "connect",
                    http.where() + " sent an empty service root");
            return new RedfishLoginRefused(none, withoutLogin(r.json()));
        }
    }

    /** What a service root read before any login says: the vendor it names, its product, Redfish version and UUID. */
    private static Map<String, String> withoutLogin(Map<String, Object> root) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        String vendor = vendor(root, Map.of(), null);
        if (vendor != null) found.put("vendor", vendor);
        for (String[] k : new String[][] {{"product", "Product"}, {"redfishVersion", "RedfishVersion"}, {"uuid", "UUID"}}) {
            String v = text(root.get(k[1]));
            if (v != null) found.put(k[0], v);
        }
        return found;
    }

    static String vendor(Map<String, Object> root, Map<String, Object> system, Map<String, Object> manager) {
        List<String> candidates = new ArrayList<>();
        candidates.add(text(root.get("Vendor")));
        candidates.addAll(oemKeys(root));
        candidates.add(text(system.get("Manufacturer")));
        if (manager != null) candidates.addAll(oemKeys(manager));
        candidates.addAll(oemKeys(system));
        if (manager != null) candidates.add(text(manager.get("Model")));
        for (String c : candidates) {
            String known = knownVendor(c);
            if (known != null) return known;
        }
        for (String c : candidates) {
            if (c == null) continue;
            // The first word; a text of separators only (",", ".") has none.
            for (String word : c.strip().split("[\\s,.]+")) {
                if (!word.isEmpty()) return word.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String knownVendor(String text) {
        if (text == null) return null;
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("dell")) return "dell";
        if (t.equals("hpe") || t.equals("hp") || t.contains("hewlett")) return "hpe";
        if (t.contains("supermicro") || t.contains("super micro")) return "supermicro";
        if (t.contains("lenovo")) return "lenovo";
        if (t.contains("fujitsu")) return "fujitsu";
        if (t.contains("cisco")) return "cisco";
        if (t.contains("openbmc")) return "openbmc";
        if (t.equals("ami") || t.startsWith("american megatrends")) return "ami";
        return null;
    }

    private static List<String> oemKeys(Map<String, Object> resource) {
        List<String> keys = new ArrayList<>();
        if (resource.get("Oem") instanceof Map<?, ?> oem) {
            for (Object k : oem.keySet()) {
                if (k instanceof String s && !s.startsWith("@")) keys.add(s);
            }
        }
        return keys;
    }

    private static Object path(Map<String, Object> json, String... keys) {
        Object o = json;
        for (String k : keys) {
            if (!(o instanceof Map<?, ?> m)) return null;
            o = m.get(k);
        }
        return o;
    }

    private static String link(Object ref) {
        return ref instanceof Map<?, ?> m && m.get("@odata.id") instanceof String s && !s.isBlank() ? s : null;
    }

    private static List<String> members(Map<String, Object> collection) {
        List<String> out = new ArrayList<>();
        if (collection.get("Members") instanceof List<?> l) {
            for (Object o : l) {
                String id = link(o);
                if (id != null) out.add(id);
            }
        }
        return out;
    }

    private static List<String> strings(Object o) {
        if (!(o instanceof List<?> l)) return null;
        List<String> out = new ArrayList<>();
        for (Object x : l) if (x instanceof String s) out.add(s);
        return out;
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }
}
