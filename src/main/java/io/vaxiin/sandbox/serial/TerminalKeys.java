package io.vaxiin.sandbox.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the bytes a VT100/xterm terminal sends as the keys that were pressed, as X11 keysyms
 * (the simulated machine's keyboard events), so typing on the serial line works like typing on
 * the console: the counterpart of {@code io.vaxiin.connector.serial.SerialKeys}.
 *
 * <ul>
 *   <li>CR is Enter (a LF right after a CR is part of the same Enter; a lone LF is Enter too),
 *       DEL and BS are Backspace, HT is Tab, printable ASCII is itself;</li>
 *   <li>control characters 0x01–0x1a are ctrl with a letter (0x04 is ctrl-d);</li>
 *   <li>{@code ESC O P..S} are F1–F4, {@code ESC [ n ~} are Insert, Delete, PageUp, PageDown
 *       and F5–F12, {@code ESC [ A..D} the arrows, {@code ESC [ H}/{@code F} Home/End
 *       (modifier parameters such as {@code ESC [ 1 ; 5 A} are read and dropped);</li>
 *   <li>ESC and another character is alt with that key; an ESC that ends what arrived at once
 *       is the Escape key (a terminal sends a whole sequence in one write).</li>
 * </ul>
 * Bytes above 0x7f are dropped: the simulated machine has a US ASCII keyboard. One instance
 * keeps the state of a sequence split across two arrivals; it is not thread-safe.
 */
public final class TerminalKeys {

    /** One key event: an X11 keysym going down or up. */
    public record Key(int keysym, boolean down) {}

    private static final int ESC = 0x1b;
    private static final int KS_RETURN = 0xff0d, KS_BACKSPACE = 0xff08, KS_TAB = 0xff09, KS_ESCAPE = 0xff1b,
            KS_CTRL = 0xffe3, KS_ALT = 0xffe9, KS_F1 = 0xffbe, KS_DELETE = 0xffff;

    private enum State { TEXT, ESCAPE, SS3, CSI }

    private State state = State.TEXT;
    private final StringBuilder params = new StringBuilder();
    private boolean lastWasCr;

    /** The key events for {@code bytes}, each key down then up, modifiers around it. */
    public List<Key> decode(byte[] bytes) {
        List<Key> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean last = i == bytes.length - 1;
            switch (state) {
                case TEXT -> text(b, last, out);
                case ESCAPE -> {
                    if (b == 'O') {
                        state = State.SS3;
                    } else if (b == '[') {
                        state = State.CSI;
                        params.setLength(0);
                    } else if (b == ESC) {
                        press(KS_ESCAPE, out); // ESC ESC: the first was the Escape key
                        if (last) {
                            press(KS_ESCAPE, out);
                            state = State.TEXT;
                        }
                    } else {
                        state = State.TEXT;
                        int k = plain(b);
                        if (k != 0) {
                            out.add(new Key(KS_ALT, true));
                            press(k, out);
                            out.add(new Key(KS_ALT, false));
                        }
                    }
                }
                case SS3 -> {
                    state = State.TEXT;
                    if (b >= 'P' && b <= 'S') press(KS_F1 + b - 'P', out);
                }
                case CSI -> {
                    if (b >= 0x30 && b <= 0x3f) {
                        if (params.length() < 16) params.append((char) b);
                    } else {
                        state = State.TEXT;
                        int k = csi(b, params.toString());
                        if (k != 0) press(k, out);
                    }
                }
            }
        }
        return out;
    }

    private void text(int b, boolean last, List<Key> out) {
        boolean cr = b == '\r';
        if (b == ESC) {
            if (last) {
                press(KS_ESCAPE, out);
            } else {
                state = State.ESCAPE;
            }
        } else if (cr || b == '\n') {
            if (cr || !lastWasCr) press(KS_RETURN, out);
        } else if (b == 0x7f || b == 0x08) {
            press(KS_BACKSPACE, out);
        } else if (b == '\t') {
            press(KS_TAB, out);
        } else if (b >= 0x01 && b <= 0x1a) {
            out.add(new Key(KS_CTRL, true));
            press('a' + b - 1, out);
            out.add(new Key(KS_CTRL, false));
        } else if (b >= 0x1c && b <= 0x1f) {
            out.add(new Key(KS_CTRL, true));
            press("\\]^_".charAt(b - 0x1c), out);
            out.add(new Key(KS_CTRL, false));
        } else if (b >= 0x20 && b < 0x7f) {
            press(b, out);
        }
        lastWasCr = cr;
    }

    /** The keysym of a key after ESC (alt-x): a printable character, Enter or Backspace. */
    private static int plain(int b) {
        if (b >= 0x20 && b < 0x7f) return b;
        if (b == '\r') return KS_RETURN;
        if (b == 0x7f) return KS_BACKSPACE;
        return 0;
    }

    private static int csi(int last, String params) {
        String first = params.contains(";") ? params.substring(0, params.indexOf(';')) : params;
        return switch (last) {
            case 'A' -> 0xff52;
            case 'B' -> 0xff54;
            case 'C' -> 0xff53;
            case 'D' -> 0xff51;
            case 'H' -> 0xff50;
            case 'F' -> 0xff57;
            case 'Z' -> KS_TAB; // shift-Tab; the machine has no use for the shift
            case '~' -> switch (first) {
                case "2" -> 0xff63;
                case "3" -> KS_DELETE;
                case "5" -> 0xff55;
                case "6" -> 0xff56;
                case "15" -> KS_F1 + 4;
                case "17" -> KS_F1 + 5;
                case "18" -> KS_F1 + 6;
                case "19" -> KS_F1 + 7;
                case "20" -> KS_F1 + 8;
                case "21" -> KS_F1 + 9;
                case "23" -> KS_F1 + 10;
                case "24" -> KS_F1 + 11;
                default -> 0;
            };
            default -> 0;
        };
    }

    private static void press(int keysym, List<Key> out) {
        out.add(new Key(keysym, true));
        out.add(new Key(keysym, false));
    }
}
