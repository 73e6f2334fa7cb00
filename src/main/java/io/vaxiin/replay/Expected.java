package io.vaxiin.replay;

import io.vaxiin.connector.Key;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.recording.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One thing the recorded server was given, as a replay expects it again: keys (as the stream of
 * key strokes they make, so {@code type 'y\n'} is the same as {@code type 'y'} then
 * {@code press 'Enter'}), a power action (by what it does to the server: cycle and reset both
 * restart it, off and soft both stop it) or a boot device.
 *
 * @param index  the event's place in the recording
 * @param event  the recorded event
 * @param kind   keys, power or boot
 * @param on     for keys: console or serial
 * @param strokes for keys: one entry per key stroke; a typed secret ({@code ****}) is one entry
 *                matching any text
 */
public record Expected(int index, Event event, String kind, String on, List<String> strokes) {

    static final String SECRET = "\u0000secret";

    static Expected of(int index, Event e) {
        return switch (e.kind()) {
            case "type" -> new Expected(index, e, "keys", on(e), typed(e.text("text")));
            case "press" -> new Expected(index, e, "keys", on(e), List.of(stroke(KeyCombo.parse(e.text("keys")))));
            case "power" -> new Expected(index, e, "power", null, List.of(effect(e.text("action"))));
            case "boot" -> new Expected(index, e, "boot", null, List.of(e.text("device")));
            default -> null;
        };
    }

    private static String on(Event e) {
        return "serial".equals(e.text("on")) ? "serial" : "console";
    }

    /** The strokes of typed text; a masked secret in it stands for whatever the script types there. */
    static List<String> typed(String text) {
        List<String> strokes = new ArrayList<>();
        if (text == null) return strokes;
        if (text.contains(io.vaxiin.dsl.Redactor.MASK)) {
            strokes.add(SECRET + Pattern.quote(text).replace(io.vaxiin.dsl.Redactor.MASK, "\\E.+\\Q"));
            return strokes;
        }
        text.codePoints().forEach(c -> strokes.add(stroke(c)));
        return strokes;
    }

    /** A typed character as the key stroke a keyboard makes for it (its X keysym). */
    static String stroke(int c) {
        int keysym = switch (c) {
            case '\n', '\r' -> 0xff0d;
            case '\t' -> 0xff09;
            case '\b' -> 0xff08;
            case 0x1b -> 0xff1b;
            default -> c < 0x100 ? c : 0x01000000 + c;
        };
        return Integer.toHexString(keysym);
    }

    static String stroke(KeyCombo combo) {
        StringBuilder sb = new StringBuilder();
        combo.modifiers().stream().map(Key::keysym).sorted().forEach(k -> sb.append(Integer.toHexString(k)).append('+'));
        return sb.append(Integer.toHexString(combo.key().keysym())).toString();
    }

    /** What a power action does to the server. */
    static String effect(String action) {
        return switch (action) {
            case "cycle", "reset" -> "restart";
            case "off", "soft" -> "off";
            default -> action;
        };
    }

    /** "type 'y'", "press 'F1'", "power 'cycle'", "boot 'disk', once: true", as a script says it. */
    public String say() {
        return saying(event);
    }

    static String saying(Event e) {
        return switch (e.kind()) {
            case "type" -> "type '" + escape(e.text("text")) + "'";
            case "press" -> "press '" + e.text("keys") + "'";
            case "power" -> "power '" + e.text("action") + "'";
            case "boot" -> "boot '" + e.text("device") + "'" + (e.flag("once") ? ", once: true" : "");
            default -> e.kind();
        };
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("'", "\\'");
    }
}
