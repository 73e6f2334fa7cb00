package io.vaxiin.report;

import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recording;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording read as the entries of a report's timeline, in time order. The screens and the
 * serial text come in stretches: from one action (or power or boot state change) to the next,
 * the screens shown are one {@link Screens} strip and the serial text one {@link SerialText}, each
 * standing at the time it began; everything else stands at its own time. Without this a
 * ten-minute recording is hundreds of entries, one per screen and one per serial line.
 */
final class Timeline {

    /** An entry: something that happened {@code t} seconds into the recording. */
    sealed interface Entry permits Screens, SerialText, Action, State, Fired, Line, End {
        double t();
    }

    /** A screen shown {@code times} times in a row, from {@code from} to {@code to} seconds. */
    record Shown(String frame, double from, double to, int times) {}

    /** The screens of a stretch, consecutive identical ones as one. */
    record Screens(double t, List<Shown> shown) implements Entry {}

    /** What the serial console printed in a stretch, from the start of the line it was on. */
    record SerialText(double t, String text) implements Entry {}

    /**
     * A type, press, power or boot; {@code frame} the screen it answered (null on the serial
     * console), {@code serialLine} the serial console's last line when it was sent there, and
     * {@code done} its {@code …-done} event, or null (keys send no done unless they failed).
     */
    record Action(Event event, String frame, String serialLine, Event done) implements Entry {
        public double t() { return event.t(); }
    }

    /** A power-state or boot-state the BMC reported. */
    record State(Event event) implements Entry {
        public double t() { return event.t(); }
    }

    /** A rule that fired, as the log said it: its condition, where it is written, its count and action. */
    record Fired(double t, String source, String file, int line, int count, int max, String action) implements Entry {}

    /** Any other line of the run log. */
    record Line(double t, boolean warn, String text) implements Entry {}

    /** The end: the end event (null when the recording has none) and the last screen shown. */
    record End(double t, Event event, String lastFrame) implements Entry {}

    /** The engine's line for a fire: {@code rule 'COND' (FILE, line N) fired (I/MAX): ACTION}. */
    static final Pattern RULE = Pattern.compile("rule '(.*)' \\((.+), line (\\d+)\\) fired \\((\\d+)/(\\d+)\\): (.*)", Pattern.DOTALL);

    private Timeline() {}

    static List<Entry> of(Recording recording) {
        List<Event> events = new ArrayList<>(recording.events());
        // A frame's time is when the console showed it, which can be before the events written
        // just ahead of it; the sort is stable, so events of one time keep their written order.
        events.sort(Comparator.comparingDouble(Event::t));
        Builder b = new Builder();
        for (Event e : events) b.add(e);
        return b.finish(recording.length());
    }

    /** One entry as it is being built: a strip or a serial text grows until its stretch ends. */
    private interface Pending {
        Entry build();
    }

    private static final class Builder {
        private final List<Pending> entries = new ArrayList<>();
        /** The serial console's whole text so far, as the recording rebuilds it. */
        private final StringBuilder serial = new StringBuilder();
        private StripBuilder strip;
        private SerialBuilder serialText;
        private final List<ActionBuilder> actions = new ArrayList<>();
        private String lastFrame;
        private Event end;

        void add(Event e) {
            switch (e.kind()) {
                case "frame" -> {
                    if (strip == null) {
                        strip = new StripBuilder(e.t());
                        entries.add(strip);
                    }
                    strip.add(e.text("frame"), e.t());
                    lastFrame = e.text("frame");
                }
                case "serial" -> {
                    int keep = clamp(number(e, "keep"), serial.length());
                    String text = e.text("text") == null ? "" : e.text("text");
                    if (serialText == null) {
                        serialText = new SerialBuilder(e.t(), keep);
                        entries.add(serialText);
                    }
                    serial.setLength(keep);
                    serial.append(text);
                    serialText.went(keep, text);
                }
                case "type", "press", "power", "boot" -> {
                    boolean onSerial = "serial".equals(e.text("on"));
                    ActionBuilder a = new ActionBuilder(e, onSerial ? null : e.text("frame"), onSerial ? lastLine(serial) : null);
                    actions.add(a);
                    entries.add(a);
                    endStretch();
                }
                case "type-done", "press-done", "power-done", "boot-done" -> {
                    String kind = e.kind().substring(0, e.kind().length() - "-done".length());
                    ActionBuilder a = null;
                    for (int i = actions.size() - 1; i >= 0 && a == null; i--) {
                        if (actions.get(i).event.kind().equals(kind) && actions.get(i).done == null) a = actions.get(i);
                    }
                    if (a != null) a.done = e;
                }
                case "power-state", "boot-state" -> {
                    State s = new State(e);
                    entries.add(() -> s);
                    endStretch();
                }
                case "log" -> {
                    String text = e.text("text") == null ? "" : e.text("text");
                    Matcher m = RULE.matcher(text);
                    Entry entry = m.matches()
                            ? new Fired(e.t(), m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)), m.group(6))
                            : new Line(e.t(), "warn".equals(e.text("level")), text);
                    entries.add(() -> entry);
                }
                case "end" -> end = e;
                default -> {
                    // start is the report's header; kinds this version does not know are left out
                }
            }
        }

        private void endStretch() {
            strip = null;
            serialText = null;
        }

        List<Entry> finish(double length) {
            List<Entry> out = new ArrayList<>();
            for (Pending p : entries) out.add(p.build());
            out.add(new End(end == null ? length : end.t(), end, lastFrame));
            return List.copyOf(out);
        }
    }

    private static final class StripBuilder implements Pending {
        private final double t;
        private final List<Shown> shown = new ArrayList<>();

        StripBuilder(double t) {
            this.t = t;
        }

        void add(String frame, double at) {
            Shown last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            if (last != null && last.frame().equals(frame)) {
                shown.set(shown.size() - 1, new Shown(frame, last.from(), at, last.times() + 1));
            } else {
                shown.add(new Shown(frame, at, at, 1));
            }
        }

        @Override public Entry build() { return new Screens(t, List.copyOf(shown)); }
    }

    private static final class SerialBuilder implements Pending {
        private final double t;
        /** Where this text begins in the serial console's whole text. */
        private final int from;
        private final StringBuilder text = new StringBuilder();

        SerialBuilder(double t, int from) {
            this.t = t;
            this.from = from;
        }

        /** The whole text was kept to {@code keep} characters and went on with {@code more}. */
        void went(int keep, String more) {
            text.setLength(clamp(keep - from, text.length()));
            text.append(more);
        }

        @Override public Entry build() { return new SerialText(t, text.toString()); }
    }

    private static final class ActionBuilder implements Pending {
        private final Event event;
        private final String frame;
        private final String serialLine;
        private Event done;

        ActionBuilder(Event event, String frame, String serialLine) {
            this.event = event;
            this.frame = frame;
            this.serialLine = serialLine;
        }

        @Override public Entry build() { return new Action(event, frame, serialLine, done); }
    }

    private static int number(Event e, String key) {
        Object v = e.data().get(key);
        return v instanceof Number n ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : 0;
    }

    private static int clamp(int n, int max) {
        return Math.max(0, Math.min(n, max));
    }

    /** The last line that has something on it, without its line end. */
    private static String lastLine(CharSequence text) {
        String s = text.toString().stripTrailing();
        int nl = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
        return s.substring(nl + 1);
    }
}
