package io.vaxiin.dsl;

import io.vaxiin.connector.Serial;

/**
 * The serial console as a script sees it: the text it has not judged yet. A serial stream,
 * unlike a screen, keeps what it showed, so a prompt that was answered would match again; as in
 * Expect, what a rule or a wait has judged is consumed. A rule that fires after reading
 * {@code serial} consumes all the text it judged once its action has run (the action still sees
 * it); {@code waitFor(serial: /re/)} consumes up to the end of its match. A line rewritten after it was consumed (a carriage return, a progress bar)
 * counts as new again.
 *
 * <p>While the rules are judged, the text is frozen, so every rule of one round sees the same
 * text.
 */
public final class SerialView {

    private final Serial serial;
    private long mark;
    /** When the mark is inside the current line: where that line started, and its text up to the mark. */
    private long markLineStart = -1;
    private String markLinePrefix = "";
    private Serial.Text frozen;
    private Serial.Text lastSeen;
    private boolean read;

    SerialView(Serial serial) {
        this.serial = serial;
    }

    /** The connector. */
    public Serial serial() { return serial; }

    /** The history now (or as frozen for a round of rules), with the mark moved back over rewritten text. */
    synchronized Serial.Text snapshot() {
        Serial.Text t = frozen != null ? frozen : serial.recent();
        follow(t);
        lastSeen = t;
        read = true;
        return t;
    }

    /** The text of {@code t} not judged yet. */
    synchronized String unread(Serial.Text t) {
        return t.since(mark);
    }

    /** The offset in {@code t} where the unread text starts. */
    synchronized long unreadStart(Serial.Text t) {
        return Math.max(mark, t.start());
    }

    /** Marks the text up to {@code offset} of {@code t} as judged. */
    synchronized void consumeTo(Serial.Text t, long offset) {
        if (offset <= mark) return;
        mark = Math.min(offset, t.end());
        if (mark > t.lineStart()) {
            markLineStart = t.lineStart();
            markLinePrefix = t.text().substring((int) (t.lineStart() - t.start()), (int) (mark - t.start()));
        } else {
            markLineStart = -1;
            markLinePrefix = "";
        }
    }

    /** Marks everything the last {@link #snapshot} showed as judged. */
    synchronized void consumeSeen() {
        if (lastSeen != null) consumeTo(lastSeen, lastSeen.end());
    }

    /** Moves the mark back when the line it sits in was rewritten since. */
    private void follow(Serial.Text t) {
        if (markLineStart < 0) return;
        if (markLineStart < t.start()) {
            markLineStart = -1;
            return;
        }
        int from = (int) (markLineStart - t.start());
        String line = t.text().substring(Math.min(from, t.text().length()));
        int nl = line.indexOf('\n');
        if (nl >= 0) line = line.substring(0, nl);
        if (!line.startsWith(markLinePrefix)) mark = markLineStart;
        if (t.lineStart() != markLineStart) {
            markLineStart = -1; // the line is finished; it cannot change any more
            markLinePrefix = "";
        }
    }

    /** Freezes the text for one round of rules. */
    synchronized void freeze() {
        frozen = serial.recent();
    }

    synchronized void thaw() {
        frozen = null;
    }

    /** Forgets whether {@code serial} was read, before a condition is judged. */
    synchronized void clearRead() {
        read = false;
    }

    /** True when {@code serial} was read since {@link #clearRead}. */
    synchronized boolean wasRead() {
        return read;
    }
}
