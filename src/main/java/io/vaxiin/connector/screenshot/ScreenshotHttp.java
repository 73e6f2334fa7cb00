package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.redfish.BmcTrust;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import okhttp3.Cookie;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * HTTP for the screenshot APIs of BMC web interfaces (Supermicro's CGI, iLO's JSON): one OkHttp
 * client with the BMC's trust ({@link BmcTrust}) and timeouts on every call, the session cookies
 * the BMC sets, and every failure as one {@link ConnectorException} sentence without secrets.
 */
final class ScreenshotHttp implements AutoCloseable {

    /** Larger answers are not a screenshot (a 4K PNG is a few MB). */
    static final long MAX_BODY = 64L << 20;
    static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** An answer: status, body and its type. */
    record Reply(int code, byte[] body, String contentType) {
        boolean ok() { return code >= 200 && code < 300; }

        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private final ScreenshotConfig config;
    private final String where;
    private final HttpUrl base;
    private final BmcTrust trust;
    private final OkHttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    ScreenshotHttp(ScreenshotConfig config) {
        this.config = config;
        this.where = ScreenshotConsole.describe(config);
        this.base = HttpUrl.get(config.baseUrl());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout())
                .callTimeout(config.requestTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false);
        this.trust = config.scheme().equals("https") ? new BmcTrust(config.pinnedCertificateSha256()) : null;
        if (trust != null) trust.install(b);
        this.http = b.build();
    }

    /** "screenshot API at 10.0.0.5:443 (Supermicro CapturePreview)". */
    String where() {
        return where;
    }

    /** A cookie the BMC set, or null. */
    String cookie(String name) {
        return cookies.get(name);
    }

    /** Sends this cookie from now on (a session key the BMC handed out in its answer's body). */
    void cookie(String name, String value) {
        cookies.put(name, value);
    }

    void forgetCookies() {
        cookies.clear();
    }

    Reply get(String path, Map<String, String> headers, String phase) {
        return send("GET", path, null, headers, phase);
    }

    Reply post(String path, String body, MediaType type, Map<String, String> headers, String phase) {
        return send("POST", path, RequestBody.create(body.getBytes(StandardCharsets.UTF_8), type), headers, phase);
    }

    private Reply send(String method, String path, RequestBody body, Map<String, String> headers, String phase) {
        HttpUrl url = base.resolve(path);
        if (url == null) throw new IllegalArgumentException("not a path: " + path);
        Request.Builder rb = new Request.Builder().url(url).method(method, body);
        headers.forEach(rb::header);
        if (!cookies.isEmpty()) {
            rb.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try (Response resp = http.newCall(rb.build()).execute()) {
            for (Cookie c : Cookie.parseAll(url, resp.headers())) {
                if (c.value().isEmpty() || c.expiresAt() < System.currentTimeMillis()) cookies.remove(c.name());
                else cookies.put(c.name(), c.value());
            }
            ResponseBody rbody = resp.body();
            MediaType type = rbody.contentType();
            return new Reply(resp.code(), read(rbody, method, path, phase), type == null ? "" : type.type() + "/" + type.subtype());
        } catch (IOException e) {
            throw unreachable(e, method, path, phase);
        }
    }

    private byte[] read(ResponseBody body, String method, String path, String phase) throws IOException {
        if (body.contentLength() > MAX_BODY) throw tooLarge(method, path, phase);
        BufferedSource source = body.source();
        if (source.request(MAX_BODY + 1)) throw tooLarge(method, path, phase);
        return source.getBuffer().readByteArray();
    }

    private ConnectorException tooLarge(String method, String path, String phase) {
        return new ConnectorException(Kind.PROTOCOL, config.endpoint(), ScreenshotConsole.PROTOCOL, phase,
                where + " answered " + method + " " + path + " with more than " + (MAX_BODY >> 20) + " MB: not a screenshot");
    }

    private ConnectorException unreachable(IOException e, String method, String path, String phase) {
        Kind kind = Kind.UNREACHABLE;
        String why;
        if (e instanceof SSLException ssl) {
            kind = Kind.AUTHENTICATION;
            why = trust == null ? " failed the TLS handshake (" + ssl.getMessage() + ")" : trust.refusal(ssl, config.host());
            phase = "TLS handshake";
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            why = " did not answer: connection refused or no route (" + e.getMessage() + ")";
        } else if (e instanceof UnknownHostException) {
            why = " cannot be found: unknown host '" + config.host() + "'";
        } else if (e instanceof InterruptedIOException) {
            why = " did not answer " + method + " " + path + " within " + ScreenshotConsole.seconds(config.requestTimeout()) + " (timeout)";
        } else {
            why = " broke the connection during " + method + " " + path + ": " + e.getMessage();
        }
        return new ConnectorException(kind, config.endpoint(), ScreenshotConsole.PROTOCOL, phase, where + why, e);
    }

    /** The BMC refused the user and password. */
    ConnectorException refusedCredentials(String phase, String detail) {
        return new ConnectorException(Kind.AUTHENTICATION, config.endpoint(), ScreenshotConsole.PROTOCOL, phase,
                where + " refused the credentials for user '" + config.username() + "'" + (detail == null ? "" : " (" + detail + ")"));
    }

    /** An answer outside 2xx to a request the API needs. */
    ConnectorException refused(String request, Reply r, String phase) {
        return new ConnectorException(Kind.REFUSED, config.endpoint(), ScreenshotConsole.PROTOCOL, phase,
                where + " refused " + request + " (HTTP " + r.code() + ")");
    }

    /** An answer this client cannot use, said as what was expected. */
    ConnectorException malformed(String what, String phase) {
        return new ConnectorException(Kind.PROTOCOL, config.endpoint(), ScreenshotConsole.PROTOCOL, phase, where + " " + what);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
