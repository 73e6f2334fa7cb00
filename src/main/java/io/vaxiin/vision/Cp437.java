package io.vaxiin.vision;

/**
 * Code page 437, the character set of VGA text mode, and its Unicode equivalents (box drawing,
 * blocks, arrows and the graphic forms of the control codes, as a screen shows them).
 */
public final class Cp437 {

    private static final String TABLE =
        // 0x00-0x1F: the glyphs the VGA font draws for control codes (0x00 reads as a blank)
        " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
        + " !\"#$%&'()*+,-./0123456789:;<=>?"
        + "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"
        + "`abcdefghijklmnopqrstuvwxyz{|}~⌂"
        + "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ"
        + "áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
        + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
        + "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ "; // 0xFF (no-break space) reads as a blank

    private static final int[] FROM_UNICODE = new int[0x10000];

    static {
        if (TABLE.length() != 256) {
            throw new AssertionError("CP437 table has " + TABLE.length() + " entries");
        }
        java.util.Arrays.fill(FROM_UNICODE, -1);
        for (int code = 255; code >= 0; code--) {
            FROM_UNICODE[TABLE.charAt(code)] = code; // lowest code wins: ' ' maps to 0x20, not 0xFF
        }
        FROM_UNICODE[' '] = 0x20;
        FROM_UNICODE['\u00A0'] = 0xFF;
        FROM_UNICODE['\u03B2'] = 0xE1; // Greek beta, often used for the sharp-s glyph
        FROM_UNICODE['\u00B5'] = 0xE6;
        FROM_UNICODE['\u2588'] = 0xDB;
    }

    private Cp437() {
    }

    /** The Unicode character that code {@code code} (0..255) shows; 0x00 and 0xFF read as a space. */
    public static char toUnicode(int code) {
        return TABLE.charAt(code & 0xFF);
    }

    /** The CP437 code that shows {@code c}, or -1 when code page 437 has no such character. */
    public static int fromUnicode(char c) {
        return FROM_UNICODE[c];
    }
}
