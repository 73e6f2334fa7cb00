package io.vaxiin.connector.screenshot;

import groovy.json.JsonException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.vaxiin.connector.ConnectorException;
import java.util.Arrays;
import java.util.Map;

/**
 * HPE iLO 5's Remote Console thumbnail, the small live picture of the host's screen its web
 * interface shows: log in as the web interface does, POST {@code {"method": "login",
 * "user_login": …, "password": …}} to {@code /json/login_session} (answered with a
 * {@code session_key}, sent back as the cookie {@code sessionKey}), then GET
 * {@code /images/thumbnail.bmp} (a BMP). The login's shape is the one public iLO web-interface
 * clients use (bmc-toolbox's and booking's iLO readers, JNLP fetchers); the thumbnail's address is
 * the profile's ({@code lib/vendors/hpe-ilo5.yaml}) and was not checked against a real iLO here.
 */
final class IloThumbnail implements ScreenshotSource {

    static final String LOGIN = "/json/login_session";
    static final String THUMBNAIL = "/images/thumbnail.bmp";

    private final ScreenshotConfig config;
    private final ScreenshotHttp http;
    private String sessionKey;

    IloThumbnail(ScreenshotConfig config) {
        this.config = config;
        this.http = new ScreenshotHttp(config);
    }

    @Override
    public void login() {
        http.forgetCookies();
        char[] pw = config.password();
        String body = JsonOutput.toJson(Map.of("method", "login", "user_login", config.username(), "password", new String(pw)));
        Arrays.fill(pw, '\0');
        ScreenshotHttp.Reply r = http.post(LOGIN, body, ScreenshotHttp.JSON, Map.of(), "login");
        if (r.code() == 401 || r.code() == 403) throw http.refusedCredentials("login", null);
        if (!r.ok()) throw http.refused("POST " + LOGIN, r, "login");
        Object key;
        try {
            key = new JsonSlurper().parseText(r.text()) instanceof Map<?, ?> m ? m.get("session_key") : null;
        } catch (JsonException | IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw http.malformed("answered the login with something that is not JSON", "login");
        }
        if (!(key instanceof String k) || !k.matches("[\\x21-\\x7e]{1,256}") || k.contains(";")) {
            throw http.malformed("answered the login without a usable session_key", "login");
        }
        sessionKey = k;
        http.cookie("sessionKey", k);
    }

    @Override
    public byte[] capture() {
        ScreenshotHttp.Reply r = http.get(THUMBNAIL, Map.of(), "screenshot");
        if (r.code() == 401 || r.code() == 403) {
            // Sessions end on the iLO after its idle timeout: log in again, once.
            login();
            r = http.get(THUMBNAIL, Map.of(), "screenshot");
        }
        if (!r.ok()) throw http.refused("GET " + THUMBNAIL, r, "screenshot");
        return r.body();
    }

    @Override
    public void close() {
        try {
            if (sessionKey != null) {
                http.post(LOGIN, JsonOutput.toJson(Map.of("method", "logout", "session_key", sessionKey)), ScreenshotHttp.JSON,
                        Map.of(), "logout");
            }
        } catch (ConnectorException ignored) {
            // The iLO ends the session on its own.
        } finally {
            sessionKey = null;
            http.close();
        }
    }
}
