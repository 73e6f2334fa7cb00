package io.vaxiin.connector.screenshot;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The screenshot APIs Vaxiin polls as a read-only screen, as the URI's {@code ?api=} names them.
 * Each knows which other console paths its vendor offers (those of the shipped profile in
 * {@code lib/vendors/}; {@code ScreenshotApiSpec} checks they agree), so that a key pressed on
 * the read-only screen can say where keys would go.
 */
public enum ScreenshotApi {

    /** Dell iDRAC 9: the Redfish OEM action {@code DellLCService.ExportServerScreenShot} (profile dell-idrac9). */
    DELL_EXPORT("dell-export", "Dell ExportServerScreenShot", "dell-idrac9",
            "vnc:// port 5901, ssh:// connect com2, sol://", DellExport::new),
    /** Supermicro X10–X13: {@code op.cgi op=sys_preview}, then the Snapshot image (profile supermicro). */
    SUPERMICRO_PREVIEW("supermicro-preview", "Supermicro CapturePreview", "supermicro",
            "sol://", SupermicroPreview::new),
    /** HPE iLO 5: the Remote Console thumbnail of the web interface (profile hpe-ilo5). */
    ILO_THUMBNAIL("ilo-thumbnail", "iLO Remote Console thumbnail", "hpe-ilo5",
            "ssh:// vsp, sol://", IloThumbnail::new);

    /** As {@code ?api=} and a profile's {@code screenshot: { api: … }} write it. */
    public final String id;
    /** For messages: "Dell ExportServerScreenShot". */
    public final String title;
    /** The vendor profile that offers this API. */
    public final String profile;
    /** The console paths of that profile that take keys, for the read-only message. */
    public final String keysElsewhere;
    private final Function<ScreenshotConfig, ScreenshotSource> open;

    ScreenshotApi(String id, String title, String profile, String keysElsewhere, Function<ScreenshotConfig, ScreenshotSource> open) {
        this.id = id;
        this.title = title;
        this.profile = profile;
        this.keysElsewhere = keysElsewhere;
        this.open = open;
    }

    ScreenshotSource source(ScreenshotConfig config) {
        return open.apply(config);
    }

    /**
     * The API named {@code id}.
     *
     * @throws IllegalArgumentException listing the ones there are
     */
    public static ScreenshotApi of(String id) {
        for (ScreenshotApi a : values()) {
            if (a.id.equals(id.toLowerCase(Locale.ROOT))) return a;
        }
        throw new IllegalArgumentException("api=" + id + " is not a screenshot API Vaxiin knows (api=" + names() + ")");
    }

    /** "dell-export|supermicro-preview|ilo-thumbnail". */
    public static String names() {
        return Arrays.stream(values()).map(a -> a.id).collect(Collectors.joining("|"));
    }
}
