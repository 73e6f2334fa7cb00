package io.vaxiin.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A key of a PC keyboard, named as scripts name it ({@code F1}, {@code Esc}, {@code ctrl}), with
 * its X11 keysym, which is what RFB (and the HTML5 KVM viewers built on it) sends.
 *
 * @param name   the canonical name
 * @param keysym the X11 keysym
 */
public record Key(String name, int keysym) {

    private static final Map<String, Key> NAMED = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        add("Enter", 0xff0d); add("Esc", 0xff1b); add("Tab", 0xff09); add("Backspace", 0xff08);
        add("Space", 0x0020); add("Insert", 0xff63); add("Delete", 0xffff); add("Home", 0xff50);
        add("End", 0xff57); add("PageUp", 0xff55); add("PageDown", 0xff56);
        add("Up", 0xff52); add("Down", 0xff54); add("Left", 0xff51); add("Right", 0xff53);
        add("PrintScreen", 0xff61); add("ScrollLock", 0xff14); add("Pause", 0xff13);
        add("SysRq", 0xff15); add("Menu", 0xff67); add("CapsLock", 0xffe5); add("NumLock", 0xff7f);
        for (int i = 1; i <= 12; i++) add("F" + i, 0xffbe + i - 1);
        add("Ctrl", 0xffe3); add("Alt", 0xffe9); add("Shift", 0xffe1); add("Meta", 0xffe7);
        add("Super", 0xffeb); add("AltGr", 0xfe03);
        alias("Return", "Enter"); alias("Escape", "Esc"); alias("Del", "Delete"); alias("Ins", "Insert");
        alias("PgUp", "PageUp"); alias("PgDn", "PageDown"); alias("Control", "Ctrl");
        alias("Win", "Super"); alias("Windows", "Super"); alias("Cmd", "Meta"); alias("Print", "PrintScreen");
    }

    private static void add(String name, int keysym) {
        NAMED.put(name.toLowerCase(Locale.ROOT), new Key(name, keysym));
    }

    private static void alias(String alias, String name) {
        ALIASES.put(alias.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    }

    /** The named keys (not the printable characters), in a stable order, for completion and docs. */
    public static Map<String, Key> named() {
        return Collections.unmodifiableMap(NAMED);
    }

    /**
     * Finds a key by name, case-insensitively: a named key ({@code F1}, {@code esc}, {@code PgDn})
     * or a single printable ASCII character ({@code a}, {@code 1}, {@code /}).
     */
    public static Optional<Key> byName(String name) {
        if (name.length() == 1) {
            char c = name.charAt(0);
            if (c >= 0x20 && c < 0x7f) return Optional.of(new Key(name, c));
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(NAMED.get(ALIASES.getOrDefault(lower, lower)));
    }

    /** True for Ctrl, Alt, Shift, Meta, Super and AltGr. */
    public boolean isModifier() {
        return switch (name) {
            case "Ctrl", "Alt", "Shift", "Meta", "Super", "AltGr" -> true;
            default -> false;
        };
    }
}
