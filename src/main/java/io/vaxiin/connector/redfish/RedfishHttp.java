package io.vaxiin.connector.redfish;

import groovy.json.JsonException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP side of the Redfish client: one OkHttp client, the authentication (a Redfish session,
 * or HTTP Basic), JSON in and out, and the translation of every failure into one
 * {@link ConnectorException} whose message is a sentence without secrets. Public for the
 * connectors that call a vendor's Redfish OEM actions (Dell's ExportServerScreenShot) the same way.
 */
public final class RedfishHttp implements AutoCloseable {

    static final String PROTOCOL = "Redfish";
    public static final String DEFAULT_SESSIONS = "/redfish/v1/SessionService/Sessions";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** An answer: status, parsed JSON (a Map, or null for an empty body), and the ETag if any. */
    public record Reply(int code, Map<String, Object> json, String etag, String location, String token) {
        public boolean ok() { return code >= 200 && code < 300; }
    }

    private final RedfishConfig config;
    private final HttpUrl base;
    private final BmcTrust trust;
    private final OkHttpClient http;
    private final String basic;

    // Set once by login(), cleared by logout(); read by the threads that call the client.
    private volatile String token;
    private volatile String sessionUrl;
    private volatile String sessionsPath = DEFAULT_SESSIONS;

    public RedfishHttp(RedfishConfig config) {
        this.config = config;
        this.base = HttpUrl.get(config.baseUrl());
        char[] pw = config.password();
        this.basic = Credentials.basic(config.username(), new String(pw));
        Arrays.fill(pw, '\0');
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout())
                .callTimeout(config.requestTimeout().plus(config.connectTimeout()))
                .retryOnConnectionFailure(false)
                .followRedirects(false);
        if (config.scheme().equals("https")) {
            trust = new BmcTrust(config.pinnedCertificateSha256());
            trust.install(b);
        } else {
            trust = null;
        }
        this.http = b.build();
    }

    public String where() {
        return "Redfish at " + config.endpoint();
    }

    boolean hasSession() {
        return token != null;
    }

    /**
     * Opens a Redfish session at {@code path}. Falls back to HTTP Basic when the BMC offers no
     * session service or refuses to make one for a reason other than the credentials.
     *
     * @return true when a session was opened, false when HTTP Basic will be used
     */
    public boolean login(String path) {
        sessionsPath = path == null ? DEFAULT_SESSIONS : path;
        if (!config.sessions()) return false;
        char[] pw = config.password();
        Map<String, Object> body = Map.of("UserName", config.username(), "Password", new String(pw));
        Arrays.fill(pw, '\0');
        Reply r = send("POST", sessionsPath, body, null, false, "login");
        if (r.code() == 401 || r.code() == 403) throw refusedCredentials("login", null);
        if (!r.ok() || r.token() == null) return false;
        if (!headerValue(r.token())) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), PROTOCOL, "login",
                    where() + " sent a session token (X-Auth-Token) that an HTTP header cannot carry back (not printable ASCII)");
        }
        token = r.token();
        String loc = r.location();
        if (loc == null && r.json() != null && r.json().get("@odata.id") instanceof String id) loc = id;
        sessionUrl = loc;
        return true;
    }

    /** Deletes the session, if any; failures are ignored (the BMC will expire it). */
    public void logout() {
        String url = sessionUrl;
        if (token == null) return;
        try {
            if (url != null) send("DELETE", url, null, null, true, "logout");
        } catch (ConnectorException ignored) {
            // The session times out on the BMC on its own; closing must not fail.
        } finally {
            token = null;
            sessionUrl = null;
        }
    }

    /** GETs a resource and insists on a 2xx answer with a JSON object. */
    public Reply get(String path, String phase) {
        Reply r = call("GET", path, null, null, phase);
        if (!r.ok()) throw refused("GET", path, r, phase);
        if (r.json() == null) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), PROTOCOL, phase,
                    where() + " sent an empty answer to GET " + path);
        }
        return r;
    }

    /** An authenticated request; a session that expired is opened again once. */
    public Reply call(String method, String path, Object body, String ifMatch, String phase) {
        Reply r = send(method, path, body, ifMatch, true, phase);
        if ((r.code() == 401) && token != null) {
            // Sessions expire on the BMC (often after 30 idle minutes): log in again and retry once.
            // A 401 means the request was not carried out, so repeating it is safe.
            token = null;
            sessionUrl = null;
            login(sessionsPath);
            r = send(method, path, body, ifMatch, true, phase);
        }
        if (r.code() == 401 || r.code() == 403) throw refusedCredentials(phase, method + " " + path);
        return r;
    }

    Reply send(String method, String path, Object body, String ifMatch, boolean authenticate, String phase) {
        HttpUrl url = base.resolve(path);
        if (url == null) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), PROTOCOL, phase,
                    where() + " linked to a path that is not a URL: " + path);
        }
        Request.Builder rb = new Request.Builder().url(url)
                .header("Accept", "application/json")
                .header("OData-Version", "4.0");
        if (authenticate) {
            String t = token;
            if (t != null) rb.header("X-Auth-Token", t);
            else rb.header("Authorization", basic);
        }
        if (ifMatch != null) {
            // OkHttp rejects such a header value with an IllegalArgumentException.
            if (!headerValue(ifMatch)) {
                throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), PROTOCOL, phase,
                        where() + " sent an ETag that an If-Match header cannot carry back (not printable ASCII)");
            }
            rb.header("If-Match", ifMatch);
        }
        RequestBody rqb = body == null ? null : RequestBody.create(JsonOutput.toJson(body), JSON);
        if (rqb == null && (method.equals("POST") || method.equals("PATCH"))) rqb = RequestBody.create("{}", JSON);
        rb.method(method, rqb);
        try (Response resp = http.newCall(rb.build()).execute()) {
            ResponseBody rbody = resp.body();
            String text = rbody.string();
            Map<String, Object> json = null;
            if (!text.isBlank()) {
                try {
                    json = parse(text);
                } catch (JsonException | ClassCastException | IndexOutOfBoundsException | NumberFormatException e) {
                    // groovy-json's parser runs off its buffer on a string ending in a backslash (ArrayIndexOutOfBoundsException),
                    // and gives a number with a stray sign in it ("1-2") to BigDecimal (NumberFormatException).
                    if (resp.isSuccessful()) {
                        throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), PROTOCOL, phase,
                                where() + " sent malformed JSON in answer to " + method + " " + path, e);
                    }
                    // An error page in HTML: the status code says enough.
                }
            }
            String etag = resp.header("ETag");
            if (etag == null && json != null && json.get("@odata.etag") instanceof String e) etag = e;
            return new Reply(resp.code(), json, etag, resp.header("Location"), resp.header("X-Auth-Token"));
        } catch (IOException e) {
            throw unreachable(e, method, path, phase);
        }
    }

    /** What OkHttp accepts as a header value: tab and printable ASCII. */
    private static boolean headerValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) return false;
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        Object o = new JsonSlurper().parseText(text);
        if (!(o instanceof Map)) throw new JsonException("not a JSON object");
        return (Map<String, Object>) o;
    }

    private ConnectorException unreachable(IOException e, String method, String path, String phase) {
        String why;
        Kind kind = Kind.UNREACHABLE;
        if (e instanceof SSLException ssl) {
            kind = Kind.AUTHENTICATION;
            why = trust == null ? " failed the TLS handshake (" + ssl.getMessage() + ")" : trust.refusal(ssl, config.host());
            return new ConnectorException(kind, config.endpoint(), PROTOCOL, "TLS handshake", where() + why, e);
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            why = " did not answer: connection refused or no route (" + e.getMessage() + ")";
        } else if (e instanceof UnknownHostException) {
            why = " cannot be found: unknown host '" + config.host() + "'";
        } else if (e instanceof InterruptedIOException) {
            why = " did not answer " + method + " " + path + " within " + seconds(config.requestTimeout()) + " (timeout)";
        } else {
            why = " broke the connection during " + method + " " + path + ": " + e.getMessage();
        }
        return new ConnectorException(kind, config.endpoint(), PROTOCOL, phase, where() + why, e);
    }

    ConnectorException refusedCredentials(String phase, String request) {
        return new ConnectorException(Kind.AUTHENTICATION, config.endpoint(), PROTOCOL, phase,
                where() + " refused the credentials for user '" + config.username() + "'"
                        + (request == null ? "" : " (" + request + ")"));
    }

    /** A 4xx/5xx answer as a sentence: the Redfish messages when the body has them. */
    ConnectorException refused(String method, String path, Reply r, String phase) {
        String detail = errorMessage(r.json());
        return new ConnectorException(Kind.REFUSED, config.endpoint(), PROTOCOL, phase,
                where() + " refused " + method + " " + path + " (HTTP " + r.code() + ")"
                        + (detail == null ? "" : ": " + detail));
    }

    /** {@code error.@Message.ExtendedInfo[].Message} joined, else {@code error.message}, else null. */
    public static String errorMessage(Map<String, Object> json) {
        if (json == null || !(json.get("error") instanceof Map<?, ?> error)) return null;
        Object info = error.get("@Message.ExtendedInfo");
        List<Object> infos = new ArrayList<>();
        if (info instanceof List<?> l) infos.addAll(l);
        else if (info instanceof Map<?, ?> m) infos.add(m);
        List<String> messages = new ArrayList<>();
        for (Object i : infos) {
            if (!(i instanceof Map<?, ?> m)) continue;
            String t = null;
            if (m.get("Message") instanceof String s && !s.isBlank()) {
                t = s.strip();
            } else if (m.get("MessageId") instanceof String id && !id.isBlank()) {
                // iLO sends only the id and its arguments: "Base.1.18.ResourceMissingAtURI" ["/redfish/…"]
                t = id.substring(id.lastIndexOf('.') + 1);
                if (m.get("MessageArgs") instanceof List<?> args && !args.isEmpty()) {
                    t += " " + args.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
                }
            }
            if (t != null && !messages.contains(t)) messages.add(t);
        }
        if (!messages.isEmpty()) return String.join("; ", messages);
        return error.get("message") instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return (ms / 1000) + " s";
        if (ms < 1000) return ms + " ms";
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public void close() {
        try {
            logout();
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
