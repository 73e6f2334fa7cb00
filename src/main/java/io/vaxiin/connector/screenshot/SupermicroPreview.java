package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Supermicro's screenshot (the web interface's "CapturePreview"): log in at {@code /cgi/login.cgi}
 * with the form fields {@code name} and {@code pwd} (the BMC answers with the session cookie
 * {@code SID}), read the CSRF token the top menu page hands out ({@code SmcCsrfInsert("CSRF_TOKEN",
 * "…")}), then for each screenshot POST {@code op=sys_preview} to {@code /cgi/op.cgi} (answered
 * {@code <IPMI>…}), give the BMC a moment to store the picture, and GET it (a JPEG) from
 * {@code /cgi/url_redirect.cgi?url_name=Snapshot&url_type=img}. Shapes from bmc-toolbox/bmclib's
 * {@code providers/supermicro/supermicro.go} and its tests, and from public Supermicro scripts.
 */
final class SupermicroPreview implements ScreenshotSource {

    static final String LOGIN = "/cgi/login.cgi";
    static final String TOP_MENU = "/cgi/url_redirect.cgi?url_name=topmenu";
    static final String OP = "/cgi/op.cgi";
    static final String SNAPSHOT = "/cgi/url_redirect.cgi?url_name=Snapshot&url_type=img";
    static final String LOGOUT = "/cgi/logout.cgi";
    private static final Pattern CSRF = Pattern.compile("SmcCsrfInsert\\s*\\(\\s*\"([\\w-]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\)");

    private final ScreenshotConfig config;
    private final ScreenshotHttp http;
    private Map<String, String> csrf = Map.of();

    SupermicroPreview(ScreenshotConfig config) {
        this.config = config;
        this.http = new ScreenshotHttp(config);
    }

    @Override
    public void login() {
        http.forgetCookies();
        char[] pw = config.password();
        String form = "name=" + URLEncoder.encode(config.username(), StandardCharsets.UTF_8)
                + "&pwd=" + URLEncoder.encode(new String(pw), StandardCharsets.UTF_8);
        Arrays.fill(pw, '\0');
        ScreenshotHttp.Reply r = http.post(LOGIN, form, ScreenshotHttp.FORM, Map.of(), "login");
        if (r.code() == 401 || r.code() == 403) throw http.refusedCredentials("login", null);
        if (!r.ok()) throw http.refused("POST " + LOGIN, r, "login");
        // A refused login is answered 200 with the login page again and no session.
        if (http.cookie("SID") == null) throw http.refusedCredentials("login", null);
        ScreenshotHttp.Reply menu = http.get(TOP_MENU, Map.of(), "login");
        Matcher m = CSRF.matcher(menu.ok() ? menu.text() : "");
        // Older firmware hands out no token and wants none.
        csrf = m.find() ? Map.of(m.group(1), m.group(2)) : Map.of();
    }

    @Override
    public byte[] capture() {
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt > 0;
            ScreenshotHttp.Reply op = http.post(OP, "op=sys_preview&_=", ScreenshotHttp.FORM, csrf, "screenshot");
            if (!op.ok() || !op.text().contains("<IPMI>")) {
                // An expired session is answered with the login page (or 401): log in again, once.
                if (!last) {
                    login();
                    continue;
                }
                if (!op.ok()) throw http.refused("POST " + OP + " op=sys_preview", op, "screenshot");
                throw http.malformed("answered op=sys_preview with something other than its <IPMI> answer", "screenshot");
            }
            pause();
            ScreenshotHttp.Reply shot = http.get(SNAPSHOT, csrf, "screenshot");
            if (!shot.ok() || shot.contentType().startsWith("text/")) {
                if (!last) {
                    login();
                    continue;
                }
                if (!shot.ok()) throw http.refused("GET " + SNAPSHOT, shot, "screenshot");
                throw http.malformed("answered the Snapshot request with " + shot.contentType() + ", not an image", "screenshot");
            }
            return shot.body();
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.previewWait().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), ScreenshotConsole.PROTOCOL, "screenshot",
                    http.where() + ": interrupted while the BMC stored its preview", e);
        }
    }

    @Override
    public void close() {
        try {
            if (http.cookie("SID") != null) http.get(LOGOUT, csrf, "logout");
        } catch (ConnectorException ignored) {
            // The BMC ends the session on its own.
        } finally {
            http.close();
        }
    }
}
