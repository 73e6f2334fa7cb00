package io.vaxiin.vision;

/** The 16 colours of the VGA text-mode palette (as QEMU's standard VGA shows them), in attribute order. */
public enum VgaColor {
    BLACK(0x000000), BLUE(0x0000AA), GREEN(0x00AA00), CYAN(0x00AAAA),
    RED(0xAA0000), MAGENTA(0xAA00AA), BROWN(0xAA5500), LIGHT_GRAY(0xAAAAAA),
    DARK_GRAY(0x555555), LIGHT_BLUE(0x5555FF), LIGHT_GREEN(0x55FF55), LIGHT_CYAN(0x55FFFF),
    LIGHT_RED(0xFF5555), LIGHT_MAGENTA(0xFF55FF), YELLOW(0xFFFF55), WHITE(0xFFFFFF);

    private static final VgaColor[] BY_INDEX = values();

    private final int rgb;

    VgaColor(int rgb) {
        this.rgb = rgb;
    }

    /** The colour as 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    /** The colour with attribute index {@code index} (0..15). */
    public static VgaColor of(int index) {
        return BY_INDEX[index & 15];
    }
}
