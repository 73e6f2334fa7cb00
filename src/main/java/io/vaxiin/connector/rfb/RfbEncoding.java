package io.vaxiin.connector.rfb;

/**
 * The framebuffer encodings this client decodes, with their RFB numbers. The DesktopSize
 * pseudo-encoding is always asked for in addition to the ones configured.
 */
public enum RfbEncoding {
    /** Tight: zlib with copy, palette and gradient filters, solid fill, JPEG. */
    TIGHT(7),
    /** ZRLE: zlib-compressed run-length encoded 64×64 tiles. */
    ZRLE(16),
    /** CopyRect: a rectangle moved from elsewhere on the screen. */
    COPY_RECT(1),
    /** Raw pixels; every server supports it. */
    RAW(0);

    /** The DesktopSize pseudo-encoding: the server announces a new screen size. */
    static final int DESKTOP_SIZE = -223;

    private final int code;

    RfbEncoding(int code) {
        this.code = code;
    }

    /** The number sent in SetEncodings and received in rectangle headers. */
    public int code() {
        return code;
    }
}
