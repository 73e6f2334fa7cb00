package io.vaxiin.connector.serial;

import io.vaxiin.connector.Key;
import io.vaxiin.connector.KeyCombo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The bytes a VT100/xterm terminal sends for a key, for every serial connector (TCP, IPMI SOL).
 *
 * <ul>
 *   <li>Enter CR, Tab HT, Backspace DEL (0x7f), Esc ESC, Space and the printable keys themselves;</li>
 *   <li>Up/Down/Right/Left {@code ESC [ A..D}, Home {@code ESC [ H}, End {@code ESC [ F},
 *       Insert/Delete/PageUp/PageDown {@code ESC [ 2~ 3~ 5~ 6~};</li>
 *   <li>F1–F4 {@code ESC O P..S}, F5–F12 {@code ESC [ 15~ 17~ 18~ 19~ 20~ 21~ 23~ 24~};</li>
 *   <li>ctrl with a letter 0x01–0x1a (ctrl-a is ctrl-A), ctrl-@ and ctrl-Space NUL, ctrl-[ ESC,
 *       ctrl-\ 0x1c, ctrl-] 0x1d, ctrl-^ 0x1e, ctrl-_ 0x1f, ctrl-? DEL;</li>
 *   <li>shift with a printable key: its shifted character on a US keyboard (shift-a {@code A},
 *       shift-1 {@code !}); shift-Tab {@code ESC [ Z};</li>
 *   <li>alt (or meta) with anything above: ESC, then what the key sends without alt
 *       (alt-x {@code ESC x}, alt-Backspace {@code ESC DEL}), as xterm's metaSendsEscape does;</li>
 *   <li>shift, alt and ctrl with a cursor, editing or function key: xterm's modified form,
 *       {@code ESC [ 1 ; m A} or {@code ESC [ 5 ; m ~} with m = 1 + shift 1 + alt 2 + ctrl 4.</li>
 * </ul>
 * What a terminal cannot send is an {@link IllegalArgumentException} with a sentence:
 * ctrl-alt-delete, a modifier alone, super and altgr, PrintScreen and the other keys a terminal
 * has no bytes for, ctrl with a key that has no control character.
 */
public final class SerialKeys {

    private static final byte ESC = 0x1B;
    private static final String US_PLAIN = "`1234567890-=[]\\;',./";
    private static final String US_SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";

    private SerialKeys() {
    }

    /**
     * The bytes for a key combination.
     *
     * @throws IllegalArgumentException "a serial console cannot send ctrl-alt-delete (…)" and the like
     */
    public static byte[] bytes(KeyCombo keys) {
        Objects.requireNonNull(keys, "keys");
        boolean shift = false, alt = false, ctrl = false;
        for (Key m : keys.modifiers()) {
            switch (m.name()) {
                case "Shift" -> shift = true;
                case "Alt", "Meta" -> alt = true;
                case "Ctrl" -> ctrl = true;
                default -> throw cannot(keys, "a terminal has no " + m.name() + " key");
            }
        }
        String name = keys.key().name();
        if (keys.key().isModifier()) throw cannot(keys, "a terminal sends nothing for a modifier key alone");
        if (ctrl && alt && name.equals("Delete")) throw cannot(keys, "the reboot keys of a PC keyboard; use a power reset");
        if (name.length() == 1 || name.equals("Space")) return character(keys, name.equals("Space") ? ' ' : name.charAt(0), shift, alt, ctrl);
        String plain = switch (name) {
            case "Enter" -> "\r";
            case "Tab" -> "\t";
            case "Backspace" -> "\u007f";
            case "Esc" -> "\u001b";
            default -> null;
        };
        if (plain != null) {
            if (name.equals("Tab") && shift && !ctrl) return withAlt(alt, "\u001b[Z");
            if (shift || ctrl) throw cannot(keys, "a terminal sends the same bytes as for " + name + " alone");
            return withAlt(alt, plain);
        }
        int m = 1 + (shift ? 1 : 0) + (alt ? 2 : 0) + (ctrl ? 4 : 0);
        String seq = switch (name) {
            case "Up" -> letter('A', m);
            case "Down" -> letter('B', m);
            case "Right" -> letter('C', m);
            case "Left" -> letter('D', m);
            case "Home" -> letter('H', m);
            case "End" -> letter('F', m);
            case "F1" -> function('P', m);
            case "F2" -> function('Q', m);
            case "F3" -> function('R', m);
            case "F4" -> function('S', m);
            case "Insert" -> tilde(2, m);
            case "Delete" -> tilde(3, m);
            case "PageUp" -> tilde(5, m);
            case "PageDown" -> tilde(6, m);
            case "F5" -> tilde(15, m);
            case "F6" -> tilde(17, m);
            case "F7" -> tilde(18, m);
            case "F8" -> tilde(19, m);
            case "F9" -> tilde(20, m);
            case "F10" -> tilde(21, m);
            case "F11" -> tilde(23, m);
            case "F12" -> tilde(24, m);
            case "SysRq" -> throw cannot(keys, "on a serial line SysRq is a BREAK, not bytes");
            default -> throw cannot(keys, "a terminal has no bytes for " + name);
        };
        return seq.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The bytes for typing {@code text} on a terminal: UTF-8, with {@code \n} sent as CR (Enter).
     *
     * @throws IllegalArgumentException when the text holds half a surrogate pair (no character to send)
     */
    public static byte[] typed(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("cannot type the text: at index " + i + " it holds half of a character (an unpaired surrogate)");
            }
        }
        return text.replace('\n', '\r').getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] character(KeyCombo keys, char c, boolean shift, boolean alt, boolean ctrl) {
        if (shift) c = shifted(c);
        if (ctrl) {
            int control = control(c);
            if (control < 0) {
                throw cannot(keys, "only a letter, @, [, \\, ], ^, _, ? or Space has a control character");
            }
            c = (char) control;
        }
        return alt ? new byte[] {ESC, (byte) c} : new byte[] {(byte) c};
    }

    private static char shifted(char c) {
        if (c >= 'a' && c <= 'z') return (char) (c - 'a' + 'A');
        int i = US_PLAIN.indexOf(c);
        return i < 0 ? c : US_SHIFTED.charAt(i);
    }

    /** The control character ctrl makes of {@code c}, or -1. */
    private static int control(char c) {
        if (c >= 'a' && c <= 'z') return c - 'a' + 1;
        if (c >= '@' && c <= '_') return c - '@'; // @ A..Z [ \ ] ^ _
        if (c == ' ') return 0;
        if (c == '?') return 0x7F;
        return -1;
    }

    private static byte[] withAlt(boolean alt, String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 1);
        if (alt) out.write(ESC);
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String letter(char c, int m) {
        return m == 1 ? "\u001b[" + c : "\u001b[1;" + m + c;
    }

    private static String function(char c, int m) {
        return m == 1 ? "\u001bO" + c : "\u001b[1;" + m + c;
    }

    private static String tilde(int n, int m) {
        return m == 1 ? "\u001b[" + n + "~" : "\u001b[" + n + ";" + m + "~";
    }

    private static IllegalArgumentException cannot(KeyCombo keys, String why) {
        return new IllegalArgumentException("a serial console cannot send " + name(keys) + " (" + why + ")");
    }

    /** The combination as a script writes it, "ctrl-alt-delete" (a one-character key keeps its case: "ctrl-A"). */
    private static String name(KeyCombo keys) {
        StringBuilder sb = new StringBuilder();
        for (Key m : keys.modifiers()) sb.append(m.name().toLowerCase(Locale.ROOT)).append('-');
        String key = keys.key().name();
        return sb.append(key.length() == 1 ? key : key.toLowerCase(Locale.ROOT)).toString();
    }
}
