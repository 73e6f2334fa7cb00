package io.vaxiin.replay;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A recording played as a server: where it stands and what it expects next. The recording is
 * cut at each thing the recorded server was given (keys, a power action, a boot device): what
 * the server showed between two of them plays in recorded time, counted from when the script
 * gave the earlier one; what comes after one is shown only once the script has given it. A
 * script that gives something else fails the replay (the first such action is kept as
 * {@link #mismatch()}, even if the script catches the error).
 */
public final class Replay {

    private final Recording recording;
    private final VirtualTime time;
    private final List<Event> events;
    private final List<Expected> expected = new ArrayList<>();
    /** The next expected thing. */
    private int next;
    /** How many strokes of the next expected keys the script has given. */
    private int strokes;
    /** The events from here on belong to the part now playing. */
    private int partStart = 0;
    /** The recorded time the part began at, and the virtual time it began at. */
    private double partStartT = 0;
    private long partStartNanos;
    /** A restart given as off then on: the off was given. */
    private boolean halfRestart;
    private String mismatch;
    private final List<String> given = new ArrayList<>();

    public Replay(Recording recording, VirtualTime time) {
        this.recording = recording;
        this.time = time;
        this.events = recording.events();
        for (int i = 0; i < events.size(); i++) {
            Expected e = Expected.of(i, events.get(i));
            if (e != null) expected.add(e);
        }
        this.partStartNanos = time.nanoTime();
    }

    public Recording recording() { return recording; }

    public VirtualTime time() { return time; }

    /** The first action the recording did not know, said for a person; null when there was none. */
    public synchronized String mismatch() { return mismatch; }

    /** How many things the recording was given. */
    public int expectedCount() { return expected.size(); }

    /** How many of them the script gave. */
    public synchronized int done() { return next; }

    /** The next thing the recording expects, or null when it expects nothing more. */
    public synchronized Expected nextExpected() { return next < expected.size() ? expected.get(next) : null; }

    /** What the script gave, as it said it. */
    public synchronized List<String> given() { return List.copyOf(given); }

    /** The recorded time now: where the replay stands in the recording. */
    public synchronized double recordedNow() {
        return partStartT + (time.nanoTime() - partStartNanos) / 1e9;
    }

    /** The index just past the last event of the part now playing (the next expected action, or the end). */
    private int partEnd() {
        return next < expected.size() ? expected.get(next).index() : events.size();
    }

    /** The index of the last event of the part that is visible by now (−1 when none). */
    synchronized int visible() {
        double elapsed = (time.nanoTime() - partStartNanos) / 1e9;
        int end = partEnd();
        int last = partStart - 1;
        for (int i = partStart; i < end; i++) {
            if (events.get(i).t() - partStartT > elapsed + 1e-9) break;
            last = i;
        }
        return last;
    }

    /** When the next event of the part becomes visible (a virtual time), or Long.MAX_VALUE when none will without an action. */
    synchronized long nextChange() {
        int v = visible();
        int end = partEnd();
        if (v + 1 >= end) return Long.MAX_VALUE;
        double dt = Math.max(0, events.get(v + 1).t() - partStartT);
        return partStartNanos + (long) (dt * 1e9);
    }

    /** The latest event of {@code kind} at or before the visible point, or the first of the recording when none is visible yet. */
    synchronized int latest(String kind) {
        int v = visible();
        for (int i = v; i >= 0; i--) {
            if (events.get(i).kind().equals(kind)) return i;
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind().equals(kind)) return i;
        }
        return -1;
    }

    /** The latest event of {@code kind} at or before the visible point, or −1. */
    synchronized int latestShown(String kind) {
        for (int i = visible(); i >= 0; i--) {
            if (events.get(i).kind().equals(kind)) return i;
        }
        return -1;
    }

    synchronized Event event(int index) { return events.get(index); }

    synchronized List<Event> events() { return events; }

    // ---- what the script gives ----------------------------------------------------------------

    /** The script sent key strokes on {@code on}; {@code say} is how a script would write it. */
    synchronized void keys(String on, List<String> given, String typedText, String say) {
        note(say);
        if (typedText != null) {
            Expected e = nextExpected();
            if (e != null && e.kind().equals("keys") && e.on().equals(on) && strokes == 0 && e.strokes().size() == 1
                    && e.strokes().get(0).startsWith(Expected.SECRET)) {
                if (Pattern.compile(e.strokes().get(0).substring(Expected.SECRET.length()), Pattern.DOTALL).matcher(typedText).matches()) {
                    accept();
                    return;
                }
                refuse(say, on);
            }
        }
        for (String stroke : given) {
            Expected e = nextExpected();
            if (e == null || !e.kind().equals("keys") || !e.on().equals(on) || strokes >= e.strokes().size()
                    || !e.strokes().get(strokes).equals(stroke)) {
                refuse(say, on);
            }
            strokes++;
            if (strokes == e.strokes().size()) accept();
        }
    }

    /** The script asked for a power action; throws the error the recorded BMC gave, if it gave one. */
    synchronized void power(String action, String say) {
        note(say);
        Expected e = nextExpected();
        String effect = Expected.effect(action);
        if (e != null && e.kind().equals("power")) {
            String recorded = e.strokes().get(0);
            if (recorded.equals(effect)) {
                halfRestart = false;
                accept();
                recordedError(e, "power-done");
                return;
            }
            if (recorded.equals("restart") && effect.equals("off") && !halfRestart) {
                halfRestart = true; // off then on restarts it as a cycle does
                return;
            }
            if (recorded.equals("restart") && effect.equals("on") && halfRestart) {
                halfRestart = false;
                accept();
                recordedError(e, "power-done");
                return;
            }
        }
        refuse(say, null);
    }

    /** The script set a boot device. */
    synchronized void boot(String device, String say) {
        note(say);
        Expected e = nextExpected();
        if (e != null && e.kind().equals("boot") && e.strokes().get(0).equals(device)) {
            accept();
            recordedError(e, "boot-done");
            return;
        }
        refuse(say, null);
    }

    private static String console(String on) {
        return on.equals("serial") ? "serial console" : "KVM console";
    }

    private void note(String say) {
        given.add(Event.clock(recordedNow()) + " " + say);
    }

    private void accept() {
        Expected e = expected.get(next);
        next++;
        strokes = 0;
        partStart = e.index() + 1;
        partStartT = e.event().t();
        partStartNanos = time.nanoTime();
    }

    /** The recorded BMC failed this action (it said yes, then the state did not follow): so does the replay. */
    private void recordedError(Expected e, String doneKind) {
        for (int i = e.index() + 1; i < events.size(); i++) {
            Event d = events.get(i);
            if (!d.kind().equals(doneKind)) continue;
            if (d.data().get("error") instanceof Map<?, ?> err) {
                ConnectorException.Kind kind;
                try {
                    kind = ConnectorException.Kind.valueOf(String.valueOf(err.get("kind")));
                } catch (IllegalArgumentException ex) {
                    kind = ConnectorException.Kind.REFUSED;
                }
                throw new ConnectorException(kind, "replay", "recording", e.kind(), String.valueOf(err.get("message"))
                        + " (as the recorded BMC answered at " + e.event().clock() + ")");
            }
            return;
        }
    }

    /** Fails the replay: {@code say} is what the script did, {@code on} the console it did it on (for keys). */
    private void refuse(String say, String on) {
        Expected e = nextExpected();
        boolean otherConsole = e != null && on != null && e.kind().equals("keys") && !e.on().equals(on);
        String message = "the recording does not know this action: the script did " + say
                + (otherConsole ? " on the " + console(on) : "") + " at " + Event.clock(recordedNow())
                + " of the recording, where the recorded server was "
                + (e == null ? "given nothing more" : "given " + (strokes > 0 ? "the rest of " : "") + e.say()
                + (otherConsole ? " on the " + console(e.on()) : "") + " (at " + e.event().clock() + ")");
        if (mismatch == null) mismatch = message;
        throw new ConnectorException(ConnectorException.Kind.REFUSED, "replay", "recording", "replay", message);
    }
}
