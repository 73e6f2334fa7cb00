package io.vaxiin.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * A key with the modifiers held while it goes down: {@code ctrl-alt-delete}, {@code shift-F10},
 * {@code F2}. Parsed from the names scripts use, joined with {@code -} or {@code +}.
 *
 * @param modifiers modifier keys, in the order they are pressed
 * @param key       the key pressed while the modifiers are held
 */
public record KeyCombo(List<Key> modifiers, Key key) {

    public KeyCombo {
        modifiers = List.copyOf(modifiers);
    }

    /**
     * Parses a key name or combination.
     *
     * @throws IllegalArgumentException with a sentence a script author can act on
     */
    public static KeyCombo parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("no key given");
        // A lone '-' or '+' is the key itself; otherwise they join the parts.
        if (text.equals("-") || text.equals("+")) return new KeyCombo(List.of(), Key.byName(text).orElseThrow());
        String[] parts = text.split("(?<=.)[-+](?=.)");
        List<Key> modifiers = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            Key key = Key.byName(part).orElseThrow(() -> new IllegalArgumentException(
                    "does not know the key '" + part + "'" + (part.equals(text) ? "" : " in '" + text + "'")));
            if (i < parts.length - 1) {
                if (!key.isModifier()) {
                    throw new IllegalArgumentException("cannot hold '" + part + "' in '" + text
                            + "': only ctrl, alt, shift, meta, super and altgr can be held with another key");
                }
                modifiers.add(key);
            } else {
                return new KeyCombo(modifiers, key);
            }
        }
        throw new IllegalArgumentException("no key given");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Key m : modifiers) sb.append(m.name()).append('-');
        return sb.append(key.name()).toString();
    }
}
