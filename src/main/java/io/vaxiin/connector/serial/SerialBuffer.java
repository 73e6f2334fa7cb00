package io.vaxiin.connector.serial;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Serial;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a serial console has shown: the bytes from the wire decoded as a terminal would show
 * them, kept as a bounded history with offsets. Every serial connector (TCP, IPMI SOL) feeds one
 * with {@link #accept} from its reader thread; scripts read it through {@link Serial#recent()}
 * and {@link Serial#awaitChange}.
 *
 * <h2>Decoding</h2>
 * <ul>
 *   <li><b>UTF-8.</b> A byte that cannot start or continue a character is U+FFFD; a sequence that
 *       ends early is one U+FFFD and the byte that ended it starts afresh (the "maximal subpart"
 *       rule browsers and terminals use). Overlong forms, surrogates and code points past
 *       U+10FFFF are not characters. A character split across two {@code accept} calls decodes
 *       as if it came in one.</li>
 *   <li><b>Escape sequences are removed</b>, also when split across calls: CSI ({@code ESC [},
 *       parameters, intermediates, a final byte), OSC, DCS, SOS, PM and APC strings
 *       ({@code ESC ]}, {@code ESC P}, {@code ESC X}, {@code ESC ^}, {@code ESC _}, up to BEL or
 *       {@code ESC \}), charset selects and other {@code ESC} sequences of two or three bytes
 *       ({@code ESC ( B}, {@code ESC 7}, {@code ESC #8}). As on a VT terminal, CAN and SUB cancel
 *       a sequence, ESC starts a new one, and C0 controls inside a sequence still act. A string
 *       unterminated after 4,096 characters is taken as noise, not a string: what follows
 *       shows (so a stray {@code ESC ]} on a noisy line cannot hide the console for good).</li>
 *   <li><b>The cursor lives on the current line.</b> CR moves it to column 0, and text written
 *       then overwrites character by character ({@code "abcdef\rXY"} shows {@code "XYcdef"});
 *       CR LF is a plain newline. Backspace moves it one column left without erasing
 *       ({@code "ab\bc"} shows {@code "ac"}); at column 0 it stays. Tab moves it to the next
 *       multiple of 8, filling with spaces. Writing past the end of the line pads it with spaces.</li>
 *   <li><b>LF finishes the line</b> (VT and FF too, as terminals take them); the next line starts
 *       at column 0. A line wraps after 16,384 columns (or half the bound, when smaller), as a
 *       terminal wraps at its width.</li>
 *   <li><b>{@code ESC [ K} erases in the current line</b>: 0 (or no parameter) from the cursor to
 *       the end, 1 from the start to the cursor, 2 the whole line; the cursor stays.</li>
 *   <li><b>Ignored</b>: BEL, NUL, DEL and the other C0 and C1 controls; every other CSI, among
 *       them {@code ESC [ 2 J} and cursor positioning: they change a screen, and this is a
 *       history, which they must not erase.</li>
 *   <li>Each code point takes one column (wide and combining characters too).</li>
 * </ul>
 *
 * <h2>History</h2>
 * The text is the finished lines and the current line joined with {@code \n}; it holds at most
 * {@code maxChars} characters, the oldest dropped from the front. Offsets ({@link Serial.Text#start()},
 * {@link Serial.Text#lineStart()}) count every character shown since the buffer was made, so a
 * caller can tell new text from text it has already seen; {@link #dropped()} is how many fell out.
 * The version increases with every visible change (text appended or rewritten), not for a
 * cursor move or a rewrite with the same characters.
 *
 * <h2>Ending</h2>
 * A connector ends the buffer with {@link #fail} when its console is gone for good (awaiting
 * callers then get its {@link ConnectorException}) or with {@link #close} when it is closed.
 * Either wakes every waiting caller; bytes that arrive afterwards are ignored; {@link #recent()}
 * keeps answering, so the last text can still be shown.
 *
 * <p>Thread-safe: one lock guards everything; {@code accept} decodes under it and wakes waiters
 * once per call. A snapshot is built once per version.
 */
public final class SerialBuffer {

    /** The default bound: a million characters, about 12,000 lines of 80 columns. */
    public static final int DEFAULT_MAX_CHARS = 1_000_000;

    private final int maxChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final History history;
    private final TerminalDecoder decoder;
    // Guarded by lock.
    private long version;
    private Serial.Text snapshot = new Serial.Text("", 0, 0, 0);
    private RuntimeException end;

    /** A buffer keeping the last {@link #DEFAULT_MAX_CHARS} characters. */
    public SerialBuffer() {
        this(DEFAULT_MAX_CHARS);
    }

    /**
     * A buffer keeping the last {@code maxChars} characters.
     *
     * @throws IllegalArgumentException when {@code maxChars} is below 2
     */
    public SerialBuffer(int maxChars) {
        if (maxChars < 2) throw new IllegalArgumentException("a serial history keeps at least 2 characters: " + maxChars);
        this.maxChars = maxChars;
        this.history = new History(maxChars);
        this.decoder = new TerminalDecoder(history, maxChars);
    }

    /** The most characters the history keeps. */
    public int maxChars() {
        return maxChars;
    }

    /**
     * Decodes bytes as they came from the wire, in order; any split of the stream gives the same
     * text. Ignored once the buffer has ended.
     */
    public void accept(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (end != null) return;
            if (decoder.feed(b, off, len)) publish();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The byte stream broke (the connection dropped; a new one will feed what follows): a
     * character cut in half shows as U+FFFD and an escape sequence cut in half is dropped, so the
     * next connection's bytes start afresh. The current line and the cursor stay.
     */
    public void endOfStream() {
        lock.lock();
        try {
            if (end == null && decoder.endOfStream()) publish();
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private void publish() {
        history.bound(decoder.lineChars());
        version++;
        changed.signalAll();
    }

    /** The history now. */
    public Serial.Text recent() {
        lock.lock();
        try {
            return snapshotNow();
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private Serial.Text snapshotNow() {
        if (snapshot.version() != version) {
            snapshot = new Serial.Text(decoder.text(), history.start(), history.lineStart(), version);
        }
        return snapshot;
    }

    /**
     * Waits, without spinning, until the version passes {@code sinceVersion}, the timeout passes
     * or the buffer ends. Text that came before the end is returned first; once there is none,
     * an ended buffer throws.
     *
     * @param timeout how long to wait; zero or negative: do not wait
     * @return the newer text, or the current text when the timeout passed
     * @throws ConnectorException    after {@link #fail}: the failure, with this caller's stack and the original as cause
     * @throws IllegalStateException after {@link #close}: the reason given
     */
    public Serial.Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        long left = Math.max(0, Objects.requireNonNull(timeout, "timeout").toNanos());
        lock.lock();
        try {
            while (version <= sinceVersion) {
                if (end != null) throw rethrow(end);
                if (left <= 0) break;
                left = changed.awaitNanos(left);
            }
            return snapshotNow();
        } finally {
            lock.unlock();
        }
    }

    private static RuntimeException rethrow(RuntimeException e) {
        if (e instanceof ConnectorException f) {
            return new ConnectorException(f.kind(), f.endpoint(), f.protocol(), f.phase(), f.getMessage(), f);
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    /**
     * Ends the buffer because its console is gone for good: waiting and later
     * {@link #awaitChange} calls throw {@code failure}. The first end counts; later ones are ignored.
     */
    public void fail(ConnectorException failure) {
        end(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Ends the buffer because its owner closed it: waiting and later {@link #awaitChange} calls
     * throw an {@link IllegalStateException} with {@code reason} (awaiting a closed console is a
     * caller's mistake). The first end counts; later ones are ignored.
     */
    public void close(String reason) {
        end(new IllegalStateException(Objects.requireNonNull(reason, "reason")));
    }

    private void end(RuntimeException e) {
        lock.lock();
        try {
            if (end != null) return;
            end = e;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #fail} or {@link #close} was called. */
    public boolean isEnded() {
        lock.lock();
        try {
            return end != null;
        } finally {
            lock.unlock();
        }
    }

    /** How many characters fell out of the front of the history: {@code recent().start()}. */
    public long dropped() {
        lock.lock();
        try {
            return history.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "SerialBuffer{version " + version + ", " + (history.lineStart() + decoder.lineChars() - history.start())
                    + " of " + maxChars + " chars, " + history.start() + " dropped" + (end != null ? ", ended" : "") + "}";
        } finally {
            lock.unlock();
        }
    }
}
