package io.vaxiin.sandbox.redfish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import groovy.json.JsonException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.vaxiin.sandbox.redfish.SimulatedBmc.BootSetting;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sandbox's Redfish service: a small, honest Redfish 1.x service over plain HTTP on loopback,
 * backed by a {@link SimulatedBmc}. It serves the service root, a session service, one
 * ComputerSystem (PowerState, Boot override, the Reset action) and one Manager; it answers errors
 * with Redfish error bodies ({@code error.@Message.ExtendedInfo}). HTTP Basic and session tokens
 * ({@code X-Auth-Token}) are both accepted for the credentials given at start; the service root
 * needs none.
 *
 * <p>Posing as a vendor's BMC ({@link Pose}), it serves the machine's state inside that vendor's
 * payload shapes (ids, identity, how the ResetType values are listed, error bodies) and has its
 * quirks, each told to the events consumer when it shows:
 * <ul>
 *   <li>session only: a request with HTTP Basic is refused (401), as if the BMC had Basic turned off;</li>
 *   <li>If-Match needed: a PATCH of the system without {@code If-Match} is refused with 428, one whose
 *       ETag is not the resource's now with 412 (Redfish spec, "ETags");</li>
 *   <li>{@code BootSourceOverrideMode} rejected: a PATCH naming it is refused with 400 (read-only);
 *       or wanted: a boot override PATCHed without it falls back to {@code Legacy};</li>
 *   <li>a ResetType the pose does not list is refused with 400.</li>
 * </ul>
 *
 * <pre>{@code
 * try (RedfishService service = RedfishService.start(bmc, "admin", password, 0)) {
 *     service.uri();   // redfish+http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class RedfishService implements AutoCloseable {

    private static final String ROOT = "/redfish/v1";
    private static final String SESSIONS = ROOT + "/SessionService/Sessions";

    private final String system;
    private final String managerPath;
    private final String resetPath;
    private final String resetInfoPath;

    static {
        // The JDK's HttpServer writes the headers and the body of an answer in two TCP segments;
        // with Nagle's algorithm on, the second waits for the client's delayed ACK: ~40 ms per
        // request on loopback. This switch (read once, when the JDK's server first loads) turns
        // Nagle off for its sockets. An explicit -Dsun.net.httpserver.nodelay=false still wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private record Session(String id, String token, String user) {}

    /** A Redfish error answer, thrown inside a handler and turned into a body by {@link #handle}. */
    private static final class Failure extends RuntimeException {
        final int status;
        final String messageId;
        final String text;
        final List<String> args;

        Failure(int status, String messageId, String text, String... args) {
            super(text, null, false, false);
            this.status = status;
            this.messageId = messageId;
            this.text = text;
            this.args = List.of(args);
        }
    }

    private final SimulatedBmc bmc;
    private final Pose pose;
    private final RedfishErrors errors;
    private final Consumer<String> events;
    private final List<String> eventLog = new CopyOnWriteArrayList<>();
    private volatile String bootMode = "UEFI";
    private final String username;
    private final byte[] password;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Session> sessionsByToken = new ConcurrentHashMap<>();
    private final Map<String, Session> sessionsById = new ConcurrentHashMap<>();
    private final AtomicLong nextSession = new AtomicLong(1);
    private final SecureRandom random = new SecureRandom();

    private RedfishService(SimulatedBmc bmc, Pose pose, String username, char[] password, int port, Consumer<String> events)
            throws IOException {
        this.bmc = Objects.requireNonNull(bmc, "bmc");
        this.pose = Objects.requireNonNull(pose, "pose");
        this.errors = new RedfishErrors(pose.errors());
        this.events = Objects.requireNonNull(events, "events");
        this.system = ROOT + "/Systems/" + pose.systemId();
        this.managerPath = ROOT + "/Managers/" + pose.managerId();
        this.resetPath = system + "/Actions/ComputerSystem.Reset";
        this.resetInfoPath = system + "/ResetActionInfo";
        this.username = Objects.requireNonNull(username, "username");
        this.password = new String(password).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sandbox-redfish-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts the service on 127.0.0.1.
     *
     * @param port a TCP port, or 0 for a free one (see {@link #port()})
     */
    public static RedfishService start(SimulatedBmc bmc, String username, char[] password, int port) throws IOException {
        return new RedfishService(bmc, Pose.sandbox(), username, password, port, line -> { });
    }

    /**
     * Starts the service posing as a vendor's BMC.
     *
     * @param bmc    the machine as the pose reports it ({@link Pose#dress})
     * @param events told each time a quirk of the pose shows (a refused Basic login, a PATCH's If-Match, …)
     */
    public static RedfishService start(SimulatedBmc bmc, Pose pose, String username, char[] password, int port,
                                       Consumer<String> events) throws IOException {
        return new RedfishService(bmc, pose, username, password, port, events);
    }

    /** Who the service poses as. */
    public Pose pose() {
        return pose;
    }

    /** Every quirk event so far, in order (what the events consumer was told). */
    public List<String> events() {
        return List.copyOf(eventLog);
    }

    /** The system's {@code BootSourceOverrideMode} now: "UEFI", or "Legacy" after an override PATCHed without it where it is wanted. */
    public String bootMode() {
        return bootMode;
    }

    private void event(String what) {
        String line = "redfish (" + (pose.profile() == null ? "sandbox" : pose.profile()) + "): " + what;
        eventLog.add(line);
        events.accept(line);
    }

    /** The port the service listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The target URI as the command line and inventory write it: {@code redfish+http://127.0.0.1:PORT}. */
    public String uri() {
        return "redfish+http://127.0.0.1:" + port();
    }

    /** How many sessions are open now. */
    public int openSessions() {
        return sessionsById.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RedfishService{" + baseUrl() + ", user '" + username + "'}";
    }

    // ---- dispatch ---------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
            if (!pose.redfish()) {
                // A plain IPMI BMC: its web server (if any) knows no Redfish.
                ex.sendResponseHeaders(404, -1);
                return;
            }
            try {
                route(ex, method, path);
            } catch (Failure f) {
                if (f.status == 401 && !pose.sessionOnly()) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Vaxiin sandbox\"");
                }
                send(ex, f.status, errors.body(f.messageId, f.text, f.args));
            } catch (RuntimeException e) {
                send(ex, 500, errors.body("InternalError", "The request failed due to an internal service error: "
                        + e.getClass().getSimpleName() + ". The service is still operational.", List.of()));
            }
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        switch (path) {
            case "/redfish" -> { allow(method, "GET"); send(ex, 200, Map.of("v1", ROOT + "/")); return; }
            case ROOT -> { allow(method, "GET"); send(ex, 200, root()); return; }
            case SESSIONS -> {
                if (method.equals("POST")) { login(ex); return; }
                allow(method, "GET", "POST");
                authenticate(ex);
                send(ex, 200, collection(SESSIONS, "#SessionCollection.SessionCollection", "Session Collection",
                        sessionsById.keySet().stream().sorted().map(id -> SESSIONS + "/" + id).toList()));
                return;
            }
            default -> { }
        }
        authenticate(ex);
        if (path.startsWith(SESSIONS + "/")) {
            Session s = sessionsById.get(path.substring(SESSIONS.length() + 1));
            if (s == null) throw missing(path);
            allow(method, "GET", "DELETE");
            if (method.equals("DELETE")) {
                sessionsById.remove(s.id());
                sessionsByToken.remove(s.token());
                send(ex, 204, null);
            } else {
                send(ex, 200, session(s));
            }
            return;
        }
        switch (path) {
            case ROOT + "/SessionService" -> { allow(method, "GET"); send(ex, 200, sessionService()); }
            case ROOT + "/Systems" -> { allow(method, "GET"); send(ex, 200, collection(ROOT + "/Systems",
                    "#ComputerSystemCollection.ComputerSystemCollection", "Computer System Collection", List.of(system))); }
            case ROOT + "/Managers" -> { allow(method, "GET"); send(ex, 200, collection(ROOT + "/Managers",
                    "#ManagerCollection.ManagerCollection", "Manager Collection", List.of(managerPath))); }
            default -> {
                if (path.equals(system)) {
                    allow(method, "GET", "PATCH");
                    if (method.equals("PATCH")) patchSystem(ex);
                    else sendSystem(ex, 200);
                } else if (path.equals(resetPath)) {
                    allow(method, "POST");
                    reset(ex);
                } else if (path.equals(resetInfoPath) && pose.resetInfo()) {
                    allow(method, "GET");
                    send(ex, 200, resetInfo());
                } else if (path.equals(managerPath)) {
                    allow(method, "GET");
                    send(ex, 200, manager());
                } else {
                    throw missing(path);
                }
            }
        }
    }

    private static void allow(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new Failure(405, "GeneralError", "The HTTP method " + method + " is not allowed on this resource; it allows "
                    + String.join(", ", allowed) + ".", method);
        }
    }

    private static Failure missing(String path) {
        return new Failure(404, "ResourceMissingAtURI", "The resource at the URI " + path + " was not found.", path);
    }

    // ---- authentication ---------------------------------------------------------------------

    private void authenticate(HttpExchange ex) {
        String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
        if (token != null && sessionsByToken.containsKey(token)) return;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6) && pose.sessionOnly()) {
            event("refused HTTP Basic for " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " (sessions only)");
            throw new Failure(401, "NoValidSession", "There is no valid session established with the implementation.");
        }
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0 && matches(pair.substring(0, colon), pair.substring(colon + 1))) return;
            } catch (IllegalArgumentException badBase64) {
                // falls through to 401
            }
        }
        throw new Failure(401, "NoValidSession",
                "There is no valid session established with the implementation.");
    }

    private boolean matches(String user, String pass) {
        boolean u = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        boolean p = MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8), password);
        return u & p;
    }

    private void login(HttpExchange ex) throws IOException {
        Map<String, Object> body = readObject(ex);
        Object user = body.get("UserName");
        Object pass = body.get("Password");
        if (!(user instanceof String) || !(pass instanceof String)) {
            throw new Failure(400, "ActionParameterMissing", "The request to create a session requires the parameters UserName and Password.");
        }
        if (!matches((String) user, (String) pass)) {
            throw new Failure(401, "ResourceAtUriUnauthorized",
                    "While accessing the resource at " + SESSIONS + ", the service received an authorization error: the user name or password is wrong.");
        }
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        Session s = new Session(Long.toString(nextSession.getAndIncrement()), HexFormat.of().formatHex(raw), (String) user);
        sessionsById.put(s.id(), s);
        sessionsByToken.put(s.token(), s);
        if (pose.profile() != null) event("session " + s.id() + " opened");
        ex.getResponseHeaders().set("X-Auth-Token", s.token());
        ex.getResponseHeaders().set("Location", SESSIONS + "/" + s.id());
        send(ex, 201, session(s));
    }

    // ---- actions ----------------------------------------------------------------------------

    private void reset(HttpExchange ex) throws IOException {
        Map<String, Object> body = readObject(ex);
        Object type = body.get("ResetType");
        if (type == null) {
            throw new Failure(400, "ActionParameterMissing",
                    "The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.");
        }
        List<String> allowed = bmc.resetTypes();
        if (!(type instanceof String t) || !allowed.contains(t)) {
            if (pose.profile() != null) event("refused ResetType " + type + " (it allows " + String.join(", ", allowed) + ")");
            throw new Failure(400, "ActionParameterValueNotInList", "The value '" + type
                    + "' for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values ("
                    + String.join(", ", allowed) + ").", String.valueOf(type), "ResetType", "ComputerSystem.Reset");
        }
        if (pose.profile() != null) event("reset " + t);
        bmc.reset(t);
        send(ex, 200, success());
    }

    private void patchSystem(HttpExchange ex) throws IOException {
        Map<String, Object> body = readObject(ex);
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        if (pose.ifMatch() && ifMatch == null) {
            event("refused a PATCH of " + system + " without If-Match (428)");
            throw new Failure(428, "PreconditionRequired", "A precondition header or annotation is required to change this resource.");
        }
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(etag())) {
            event("refused a PATCH of " + system + " with a stale If-Match " + ifMatch + " (412)");
            throw new Failure(412, "PreconditionFailed",
                    "The ETag supplied did not match the ETag required to change this resource.");
        }
        for (String key : body.keySet()) {
            if (!key.equals("Boot")) {
                throw new Failure(400, knownReadOnly(key) ? "PropertyNotWritable" : "PropertyUnknown",
                        knownReadOnly(key) ? "The property " + key + " is a read only property and cannot be assigned a value."
                                : "The property " + key + " is not in the list of valid properties for the resource.", key);
            }
        }
        if (!(body.get("Boot") instanceof Map<?, ?> boot)) {
            throw new Failure(400, "PropertyValueTypeError", "The value for the property Boot is of a different type than the property can accept.",
                    String.valueOf(body.get("Boot")), "Boot");
        }
        BootSetting now = bmc.boot();
        String target = now.target();
        String enabled = now.enabled();
        String mode = null;
        for (Map.Entry<?, ?> e : boot.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            switch (key) {
                case "BootSourceOverrideTarget" -> target = oneOf(key, value, bmc.bootTargets());
                case "BootSourceOverrideEnabled" -> enabled = oneOf(key, value, List.of("Disabled", "Once", "Continuous"));
                case "BootSourceOverrideMode" -> {
                    if (pose.modeQuirk() == Pose.ModeQuirk.OMIT) {
                        event("refused a PATCH naming BootSourceOverrideMode (400: read-only here)");
                        throw new Failure(400, "PropertyNotWritable",
                                "The property BootSourceOverrideMode is a read only property and cannot be assigned a value.",
                                "BootSourceOverrideMode");
                    }
                    mode = oneOf(key, value, pose.bootModes() == null ? List.of("UEFI", "Legacy") : pose.bootModes());
                }
                default -> throw new Failure(400, "PropertyUnknown",
                        "The property " + key + " is not in the list of valid properties for the resource.", key);
            }
        }
        if (pose.profile() != null) {
            event("PATCH " + system + " " + target + " " + enabled + (mode == null ? "" : " mode " + mode)
                    + (ifMatch == null ? ", no If-Match" : ", If-Match " + ifMatch + " (matches)"));
        }
        if (mode != null) {
            bootMode = mode;
        } else if (pose.modeQuirk() == Pose.ModeQuirk.SEND && !enabled.equals("Disabled")) {
            bootMode = "Legacy";
            event("the override came without BootSourceOverrideMode: it falls back to Legacy");
        }
        bmc.setBoot(new BootSetting(target, enabled));
        sendSystem(ex, 200);
    }

    private static boolean knownReadOnly(String key) {
        return List.of("PowerState", "Id", "Name", "Manufacturer", "Model", "SerialNumber", "Actions", "Links",
                "@odata.id", "@odata.type").contains(key);
    }

    private static String oneOf(String property, Object value, List<String> allowed) {
        if (value instanceof String s && allowed.contains(s)) return s;
        throw new Failure(400, "PropertyValueNotInList", "The value '" + value + "' for the property " + property
                + " is not in the list of acceptable values (" + String.join(", ", allowed) + ").", String.valueOf(value), property);
    }

    // ---- resources --------------------------------------------------------------------------

    private Map<String, Object> root() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@odata.id", ROOT);
        m.putAll(pose.root());
        m.put("UUID", "9d4a0c57-0b5c-4d8e-a3a5-000000000001");
        m.put("Systems", ref(ROOT + "/Systems"));
        m.put("Managers", ref(ROOT + "/Managers"));
        m.put("SessionService", ref(ROOT + "/SessionService"));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("Sessions", ref(SESSIONS));
        if (pose.profile() != null && pose.managerId().equals("bmc")) links.put("ManagerProvidingService", ref(managerPath)); // bmcweb's
        m.put("Links", links);
        return m;
    }

    private Map<String, Object> sessionService() {
        Map<String, Object> m = resource(ROOT + "/SessionService", "#SessionService.v1_1_8.SessionService",
                "SessionService", "Session Service");
        m.put("ServiceEnabled", true);
        m.put("SessionTimeout", 1800);
        m.put("Sessions", ref(SESSIONS));
        return m;
    }

    private static Map<String, Object> session(Session s) {
        Map<String, Object> m = resource(SESSIONS + "/" + s.id(), "#Session.v1_5_0.Session", s.id(), "User Session");
        m.put("UserName", s.user());
        return m;
    }

    private Map<String, Object> system() {
        BootSetting boot = bmc.boot();
        Map<String, Object> m = resource(system, (String) pose.system().get("@odata.type"), pose.systemId(),
                (String) pose.system().get("Name"));
        if (pose.etag()) m.put("@odata.etag", etag());
        m.put("SystemType", "Physical");
        putIfKnown(m, "Manufacturer", bmc.manufacturer());
        putIfKnown(m, "Model", bmc.model());
        putIfKnown(m, "SerialNumber", bmc.serialNumber());
        m.put("PowerState", bmc.power().redfish());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("BootSourceOverrideEnabled", boot.enabled());
        b.put("BootSourceOverrideEnabled@Redfish.AllowableValues", List.of("Disabled", "Once", "Continuous"));
        b.put("BootSourceOverrideTarget", boot.target());
        b.put("BootSourceOverrideTarget@Redfish.AllowableValues", bmc.bootTargets());
        b.put("BootSourceOverrideMode", bootMode);
        if (pose.bootModes() != null) b.put("BootSourceOverrideMode@Redfish.AllowableValues", pose.bootModes());
        m.put("Boot", b);
        Map<String, Object> reset = new LinkedHashMap<>();
        reset.put("target", resetPath);
        if (pose.resetInline()) reset.put("ResetType@Redfish.AllowableValues", pose.profile() == null ? bmc.resetTypes() : pose.resetTypes());
        if (pose.resetInfo()) reset.put("@Redfish.ActionInfo", resetInfoPath);
        m.put("Actions", Map.of("#ComputerSystem.Reset", reset));
        m.put("Links", Map.of("ManagedBy", List.of(ref(managerPath))));
        return m;
    }

    private static void putIfKnown(Map<String, Object> m, String key, String value) {
        if (value != null) m.put(key, value);
    }

    private void sendSystem(HttpExchange ex, int status) throws IOException {
        Map<String, Object> system = system();
        if (pose.etag()) ex.getResponseHeaders().set("ETag", etag());
        send(ex, status, system);
    }

    /** A weak ETag over what a client can change: it differs whenever PowerState or Boot differ. */
    private String etag() {
        BootSetting boot = bmc.boot();
        String state = bmc.power().redfish() + "|" + boot.target() + "|" + boot.enabled() + "|" + bootMode;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(d, 0, 4) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> resetInfo() {
        Map<String, Object> m = resource(resetInfoPath, "#ActionInfo.v1_3_0.ActionInfo", "ResetActionInfo", "Reset Action Info");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", "ResetType");
        p.put("Required", true);
        p.put("DataType", "String");
        p.put("AllowableValues", pose.profile() == null ? bmc.resetTypes() : pose.resetTypes());
        m.put("Parameters", List.of(p));
        return m;
    }

    private Map<String, Object> manager() {
        Map<String, Object> m = resource(managerPath, (String) pose.manager().get("@odata.type"), pose.managerId(),
                (String) pose.manager().get("Name"));
        m.put("ManagerType", "BMC");
        putIfKnown(m, "Model", bmc.managerModel());
        putIfKnown(m, "FirmwareVersion", bmc.firmwareVersion());
        m.put("Links", Map.of("ManagerForServers", List.of(ref(system))));
        return m;
    }

    private static Map<String, Object> collection(String id, String type, String name, List<String> members) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@odata.id", id);
        m.put("@odata.type", type);
        m.put("Name", name);
        m.put("Members@odata.count", members.size());
        List<Object> refs = new ArrayList<>();
        for (String s : members) refs.add(ref(s));
        m.put("Members", refs);
        return m;
    }

    private static Map<String, Object> resource(String id, String type, String rid, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@odata.id", id);
        m.put("@odata.type", type);
        m.put("Id", rid);
        m.put("Name", name);
        return m;
    }

    private static Map<String, Object> ref(String id) {
        return Map.of("@odata.id", id);
    }

    private static Map<String, Object> success() {
        return Map.of("@Message.ExtendedInfo", List.of(RedfishErrors.message("Success", "The request completed successfully.", "OK")));
    }

    // ---- wire -------------------------------------------------------------------------------

    private static Map<String, Object> readObject(HttpExchange ex) throws IOException {
        String text;
        try (InputStream in = ex.getRequestBody()) {
            text = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
        }
        if (text.isBlank()) return Map.of();
        try {
            Object o = new JsonSlurper().parseText(text);
            if (o instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
        } catch (JsonException | IllegalArgumentException e) {
            // falls through
        }
        throw new Failure(400, "MalformedJSON",
                "The request body submitted was malformed JSON and could not be parsed by the receiving service.");
    }

    private static void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        ex.getResponseHeaders().set("OData-Version", "4.0");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JsonOutput.prettyPrint(JsonOutput.toJson(body)).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
