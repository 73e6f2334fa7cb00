package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.redfish.RedfishConfig;
import io.vaxiin.connector.redfish.RedfishHttp;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Dell iDRAC 9's screenshot: the Redfish OEM action {@code DellLCService.ExportServerScreenShot}
 * with {@code {"FileType": "ServerScreenShot"}}, answered by {@code {"ServerScreenShotFile": "<base64
 * image>"}} (shape from Dell's iDRAC-Redfish-Scripting, {@code ExportServerScreenShotOemREDFISH.py}).
 * It logs in as the Redfish client does (a session, else HTTP Basic). A host without video is
 * Dell's message LC099, given as {@link NoVideoSignalException}.
 */
final class DellExport implements ScreenshotSource {

    /** The action's URI in Dell's scripts (iDRAC 9 firmware 3.x to 7.x). */
    static final String ACTION = "/redfish/v1/Dell/Managers/iDRAC.Embedded.1/DellLCService/Actions/DellLCService.ExportServerScreenShot";
    /** The same action under the Manager's Oem, where later firmware also serves it. */
    static final String ACTION_UNDER_MANAGER =
            "/redfish/v1/Managers/iDRAC.Embedded.1/Oem/Dell/DellLCService/Actions/DellLCService.ExportServerScreenShot";

    private final ScreenshotConfig config;
    private final RedfishHttp http;
    private final String where;
    private String action = ACTION;

    DellExport(ScreenshotConfig config) {
        this.config = config;
        this.where = ScreenshotConsole.describe(config);
        RedfishConfig.Builder b = RedfishConfig.builder().host(config.host()).port(config.port())
                .connectTimeout(config.connectTimeout()).requestTimeout(config.requestTimeout())
                .pinnedCertificateSha256(config.pinnedCertificateSha256());
        if (config.scheme().equals("http")) b.plainHttp();
        char[] pw = config.password();
        b.credentials(config.username(), pw);
        Arrays.fill(pw, '\0');
        this.http = new RedfishHttp(b.build());
    }

    @Override
    public void login() {
        http.login(RedfishHttp.DEFAULT_SESSIONS);
    }

    @Override
    public byte[] capture() {
        RedfishHttp.Reply r = http.call("POST", action, Map.of("FileType", "ServerScreenShot"), null, "screenshot");
        if (r.code() == 404 && action.equals(ACTION)) {
            action = ACTION_UNDER_MANAGER;
            r = http.call("POST", action, Map.of("FileType", "ServerScreenShot"), null, "screenshot");
        }
        if (!r.ok()) {
            String said = RedfishHttp.errorMessage(r.json());
            if (messageIds(r.json()).stream().anyMatch(id -> id.endsWith("LC099"))) {
                throw new NoVideoSignalException(config.endpoint(), where + ": no video signal (LC099: "
                        + (said == null ? "the video signal is not detected" : said) + ")");
            }
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), ScreenshotConsole.PROTOCOL, "screenshot",
                    where + " refused POST " + action + " (HTTP " + r.code() + ")" + (said == null ? "" : ": " + said));
        }
        Object file = r.json() == null ? null : r.json().get("ServerScreenShotFile");
        if (!(file instanceof String text) || text.isBlank()) {
            throw malformed("answered ExportServerScreenShot without a ServerScreenShotFile");
        }
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw malformed("sent a ServerScreenShotFile that is not base64 (" + e.getMessage() + ")");
        }
    }

    /** Every MessageId of a Redfish error body, and its {@code code} (Dell repeats the id there). */
    static List<String> messageIds(Map<String, Object> json) {
        if (json == null || !(json.get("error") instanceof Map<?, ?> error)) return List.of();
        List<String> ids = new java.util.ArrayList<>();
        if (error.get("code") instanceof String c) ids.add(c);
        Object info = error.get("@Message.ExtendedInfo");
        List<?> infos = info instanceof List<?> l ? l : info instanceof Map<?, ?> m ? List.of(m) : List.of();
        for (Object i : infos) {
            if (i instanceof Map<?, ?> m && m.get("MessageId") instanceof String id) ids.add(id);
        }
        return ids;
    }

    private ConnectorException malformed(String what) {
        return new ConnectorException(Kind.PROTOCOL, config.endpoint(), ScreenshotConsole.PROTOCOL, "screenshot", where + " " + what);
    }

    @Override
    public void close() {
        http.close();
    }
}
