package io.vaxiin.connector.web;

import io.vaxiin.connector.Key;

import java.util.HashMap;
import java.util.Map;

/**
 * What a browser's KeyboardEvent says for each key of a US PC keyboard: {@code key},
 * {@code code} and the legacy {@code keyCode}, which is what the vendors' HTML5 viewers (noVNC
 * among them) turn back into the keysym or scan code they send to the BMC.
 */
final class DomKeys {

    /**
     * One key as the page sees it.
     *
     * @param key      KeyboardEvent.key ({@code "a"}, {@code "Enter"}, {@code "Shift"})
     * @param code     KeyboardEvent.code, the physical key ({@code "KeyA"}, {@code "ShiftLeft"})
     * @param keyCode  the legacy keyCode (65, 13, 16)
     * @param text     what the key types, or null
     * @param location 1 for the left modifier keys, else 0
     */
    record DomKey(String key, String code, int keyCode, String text, int location) {}

    /** CDP's modifier bits. */
    static final int ALT = 1, CTRL = 2, META = 4, SHIFT = 8;

    private static final Map<String, DomKey> NAMED = new HashMap<>();
    private static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";
    private static final String UNSHIFTED = "`1234567890-=[]\\;',./";
    private static final String[] PUNCT_CODES = {"Backquote", "Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7",
            "Digit8", "Digit9", "Digit0", "Minus", "Equal", "BracketLeft", "BracketRight", "Backslash", "Semicolon", "Quote", "Comma",
            "Period", "Slash"};
    private static final int[] PUNCT_KEYCODES = {192, 49, 50, 51, 52, 53, 54, 55, 56, 57, 48, 189, 187, 219, 221, 220, 186, 222, 188, 190, 191};

    static {
        named("Enter", "Enter", "Enter", 13, "\r");
        named("Esc", "Escape", "Escape", 27, null);
        named("Tab", "Tab", "Tab", 9, null);
        named("Backspace", "Backspace", "Backspace", 8, null);
        named("Space", " ", "Space", 32, " ");
        named("Insert", "Insert", "Insert", 45, null);
        named("Delete", "Delete", "Delete", 46, null);
        named("Home", "Home", "Home", 36, null);
        named("End", "End", "End", 35, null);
        named("PageUp", "PageUp", "PageUp", 33, null);
        named("PageDown", "PageDown", "PageDown", 34, null);
        named("Up", "ArrowUp", "ArrowUp", 38, null);
        named("Down", "ArrowDown", "ArrowDown", 40, null);
        named("Left", "ArrowLeft", "ArrowLeft", 37, null);
        named("Right", "ArrowRight", "ArrowRight", 39, null);
        named("PrintScreen", "PrintScreen", "PrintScreen", 44, null);
        named("SysRq", "PrintScreen", "PrintScreen", 44, null);
        named("ScrollLock", "ScrollLock", "ScrollLock", 145, null);
        named("Pause", "Pause", "Pause", 19, null);
        named("Menu", "ContextMenu", "ContextMenu", 93, null);
        named("CapsLock", "CapsLock", "CapsLock", 20, null);
        named("NumLock", "NumLock", "NumLock", 144, null);
        for (int i = 1; i <= 12; i++) named("F" + i, "F" + i, "F" + i, 111 + i, null);
        NAMED.put("Ctrl", new DomKey("Control", "ControlLeft", 17, null, 1));
        NAMED.put("Alt", new DomKey("Alt", "AltLeft", 18, null, 1));
        NAMED.put("Shift", new DomKey("Shift", "ShiftLeft", 16, null, 1));
        NAMED.put("Meta", new DomKey("Meta", "MetaLeft", 91, null, 1));
        NAMED.put("Super", new DomKey("Meta", "MetaLeft", 91, null, 1));
        NAMED.put("AltGr", new DomKey("AltGraph", "AltRight", 225, null, 2));
    }

    private static void named(String name, String key, String code, int keyCode, String text) {
        NAMED.put(name, new DomKey(key, code, keyCode, text, 0));
    }

    private DomKeys() {}

    /** The DOM key of a named key ({@link Key#named()}), or of a printable character's key. */
    static DomKey of(Key key) {
        DomKey named = NAMED.get(key.name());
        if (named != null) return named;
        if (key.name().length() == 1) return ofChar(key.name().charAt(0));
        throw new IllegalArgumentException("no keyboard key for '" + key.name() + "'");
    }

    /** The key that types {@code c} on a US keyboard (with Shift when {@link #needsShift}). */
    static DomKey ofChar(char c) {
        String t = String.valueOf(c);
        if (c >= 'a' && c <= 'z') return new DomKey(t, "Key" + Character.toUpperCase(c), Character.toUpperCase(c), t, 0);
        if (c >= 'A' && c <= 'Z') return new DomKey(t, "Key" + c, c, t, 0);
        if (c == ' ') return NAMED.get("Space");
        if (c == '\n' || c == '\r') return NAMED.get("Enter");
        if (c == '\t') return NAMED.get("Tab");
        if (c == '\b') return NAMED.get("Backspace");
        if (c == 0x1b) return NAMED.get("Esc");
        int i = UNSHIFTED.indexOf(c);
        if (i < 0) i = SHIFTED.indexOf(c);
        if (i >= 0) return new DomKey(t, PUNCT_CODES[i], PUNCT_KEYCODES[i], t, 0);
        throw new IllegalArgumentException(c < 0x20 || c == 0x7f ? String.format("cannot type the control character U+%04X", (int) c)
                : "cannot type '" + c + "' into a web viewer: only the characters of a US keyboard");
    }

    /** The character Shift makes of {@code c} on a US keyboard ({@code a} → {@code A}, {@code 1} → {@code !}); others as they are. */
    static char shifted(char c) {
        if (c >= 'a' && c <= 'z') return Character.toUpperCase(c);
        int i = UNSHIFTED.indexOf(c);
        return i >= 0 ? SHIFTED.charAt(i) : c;
    }

    /** True when a US keyboard needs Shift for {@code c}. */
    static boolean needsShift(char c) {
        return (c >= 'A' && c <= 'Z') || SHIFTED.indexOf(c) >= 0;
    }

    /** CDP's modifier bit for a modifier key, 0 for any other. */
    static int modifierBit(Key k) {
        return switch (k.name()) {
            case "Ctrl" -> CTRL;
            case "Alt" -> ALT;
            case "Shift" -> SHIFT;
            case "Meta", "Super" -> META;
            default -> 0;
        };
    }
}
