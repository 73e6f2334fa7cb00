package io.vaxiin.connector.rfb;

/** Which keysym a typed character is, and whether a US keyboard needs Shift for it. */
final class KeyMap {

    static final int SHIFT_L = 0xffe1;
    private static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";

    private KeyMap() {
    }

    /** The keysym for {@code c}; Latin-1 as is, other Unicode as 0x01000000 + code point. */
    static int keysym(int c) {
        return switch (c) {
            case '\n', '\r' -> 0xff0d;
            case '\t' -> 0xff09;
            case '\b' -> 0xff08;
            case 0x1b -> 0xff1b;
            default -> {
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                    throw new IllegalArgumentException(String.format("cannot type the control character U+%04X", c));
                }
                yield c <= 0xff ? c : 0x01000000 | c;
            }
        };
    }

    /** True when a US keyboard needs Shift held to type {@code c}. */
    static boolean needsShift(int c) {
        return (c >= 'A' && c <= 'Z') || (c < 0x80 && SHIFTED.indexOf(c) >= 0);
    }
}
