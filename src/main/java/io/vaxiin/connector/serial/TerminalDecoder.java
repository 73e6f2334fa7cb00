package io.vaxiin.connector.serial;

import java.util.Arrays;

/**
 * Turns the bytes of a serial line into text as a terminal shows it: UTF-8, then a VT100/xterm
 * control parser (after the state diagram of DEC's VT500 family), then a one-line cursor model
 * whose finished lines go to a {@link History}. The rules are those of {@link SerialBuffer}'s
 * Javadoc. Every piece of state lives in fields, so a character or an escape sequence split
 * across two {@link #feed} calls decodes as if it came in one.
 *
 * <p>Not thread-safe: the buffer's lock guards it.
 */
final class TerminalDecoder {

    /** Columns after which a line wraps, as a terminal wraps at its width. */
    static final int MAX_LINE = 16_384;
    /** Characters after which an unterminated OSC/DCS string is taken as not a string. */
    static final int MAX_STRING = 4096;

    private static final int GROUND = 0, ESC = 1, ESC_INTERMEDIATE = 2, CSI = 3, STRING = 4, STRING_ESC = 5;
    private static final int REPLACEMENT = 0xFFFD;

    private final History history;
    private final int wrap;

    // UTF-8: continuation bytes still expected, the code point so far, the range the next byte must be in.
    private int need;
    private int partial;
    private int lower = 0x80;
    private int upper = 0xBF;

    // The control parser.
    private int state = GROUND;
    private int csiParam;       // the first parameter of a CSI, -1 while it has no digit
    private boolean csiFirst;   // still reading the first parameter
    private boolean csiPlain;   // no private marker and no intermediate: an ANSI sequence
    private int stringLength;

    // The current line: one code point per cell; the cursor's column; its length in chars.
    private int[] cells = new int[256];
    private int len;
    private int col;
    private int lineChars;

    private boolean changed;

    TerminalDecoder(History history, int maxChars) {
        this.history = history;
        // Each cell is at most two chars: a line always fits the bound.
        this.wrap = Math.max(1, Math.min(MAX_LINE, maxChars / 2));
    }

    /** Decodes bytes; true when the text changed. */
    boolean feed(byte[] b, int off, int n) {
        changed = false;
        for (int i = off, end = off + n; i < end; i++) {
            int x = b[i] & 0xFF;
            if (need == 0) {
                if (x < 0x80) {
                    if (state == GROUND && x >= 0x20 && x < 0x7F) put(x);
                    else codePoint(x);
                } else if (x >= 0xC2 && x <= 0xDF) {
                    need = 1;
                    partial = x & 0x1F;
                } else if (x >= 0xE0 && x <= 0xEF) {
                    if (x == 0xE0) lower = 0xA0;       // no overlong forms
                    else if (x == 0xED) upper = 0x9F;  // no surrogates
                    need = 2;
                    partial = x & 0x0F;
                } else if (x >= 0xF0 && x <= 0xF4) {
                    if (x == 0xF0) lower = 0x90;
                    else if (x == 0xF4) upper = 0x8F;  // nothing past U+10FFFF
                    need = 3;
                    partial = x & 0x07;
                } else {
                    codePoint(REPLACEMENT);
                }
            } else if (x < lower || x > upper) {
                // The sequence ends early: one U+FFFD for what came, and this byte starts afresh.
                resetUtf8();
                codePoint(REPLACEMENT);
                i--;
            } else {
                lower = 0x80;
                upper = 0xBF;
                partial = (partial << 6) | (x & 0x3F);
                if (--need == 0) codePoint(partial);
            }
        }
        return changed;
    }

    /** The stream broke: a half character shows as U+FFFD, a half escape sequence is dropped. */
    boolean endOfStream() {
        changed = false;
        if (need > 0) {
            resetUtf8();
            codePoint(REPLACEMENT);
        }
        state = GROUND;
        return changed;
    }

    /** The current line's length in chars. */
    int lineChars() {
        return lineChars;
    }

    /** The kept history with the current line. */
    String text() {
        return history.text(cells, len);
    }

    private void resetUtf8() {
        need = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    // ---- the control parser ----

    private void codePoint(int c) {
        switch (state) {
            case GROUND -> ground(c);
            case ESC -> escape(c);
            case ESC_INTERMEDIATE -> {
                if (c >= 0x30 && c <= 0x7E) state = GROUND;
                else if (c < 0x20 || c > 0x2F) inSequence(c);
            }
            case CSI -> csi(c);
            case STRING -> {
                if (c == 0x07 || c == 0x18 || c == 0x1A) state = GROUND;
                else if (c == 0x1B) state = STRING_ESC;
                else if (++stringLength > MAX_STRING) {
                    state = GROUND;
                    ground(c);
                }
            }
            case STRING_ESC -> {
                if (c == '\\') {
                    state = GROUND;
                } else {
                    state = ESC; // the ESC ended the string and starts a sequence of its own
                    escape(c);
                }
            }
            default -> throw new IllegalStateException("parser state " + state);
        }
    }

    private void ground(int c) {
        if (c >= 0x20 && c != 0x7F && (c < 0x80 || c >= 0xA0)) put(c);
        else if (c == 0x1B) state = ESC;
        else control(c);
    }

    private void escape(int c) {
        if (c == '[') {
            state = CSI;
            csiParam = -1;
            csiFirst = true;
            csiPlain = true;
        } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            state = STRING; // OSC, DCS, SOS, PM, APC
            stringLength = 0;
        } else if (c >= 0x20 && c <= 0x2F) {
            state = ESC_INTERMEDIATE; // ESC ( B, ESC # 8, ESC % G
        } else if (c >= 0x30 && c <= 0x7E) {
            state = GROUND; // ESC 7, ESC =, ESC M, ESC c
        } else {
            inSequence(c);
        }
    }

    private void csi(int c) {
        if (c >= '0' && c <= '9') {
            if (csiFirst && csiParam < 10_000) csiParam = Math.max(csiParam, 0) * 10 + (c - '0');
        } else if (c == ';' || c == ':') {
            csiFirst = false;
        } else if ((c >= 0x3C && c <= 0x3F) || (c >= 0x20 && c <= 0x2F)) {
            csiPlain = false; // a private marker (<=>?) or an intermediate
        } else if (c >= 0x40 && c <= 0x7E) {
            state = GROUND;
            if (c == 'K' && csiPlain) eraseInLine(Math.max(csiParam, 0));
        } else {
            inSequence(c);
        }
    }

    /** A character inside a sequence that is not part of it, as a VT terminal takes it. */
    private void inSequence(int c) {
        if (c == 0x1B) {
            state = ESC;
        } else if (c == 0x18 || c == 0x1A) {
            state = GROUND; // CAN and SUB cancel the sequence
        } else if (c < 0x20) {
            control(c); // C0 controls act in the middle of a sequence
        } else if (c != 0x7F) {
            state = GROUND;
            ground(c);
        }
    }

    private void control(int c) {
        switch (c) {
            case '\r' -> col = 0;
            case '\n', 0x0B, 0x0C -> newline();
            case '\b' -> {
                if (col > 0) col--;
            }
            case '\t' -> {
                col = Math.min((col / 8 + 1) * 8, wrap);
                pad(col);
            }
            default -> {
                // BEL, NUL and the other C0 and C1 controls show nothing
            }
        }
    }

    // ---- the current line ----

    private void put(int c) {
        if (col >= wrap) newline();
        if (col < len) {
            int old = cells[col];
            if (old != c) {
                cells[col] = c;
                lineChars += Character.charCount(c) - Character.charCount(old);
                changed = true;
            }
        } else {
            pad(col);
            cells[len++] = c;
            lineChars += Character.charCount(c);
            changed = true;
        }
        col++;
    }

    /** Fills the line with spaces up to {@code to} columns, leaving room for one more cell. */
    private void pad(int to) {
        if (to + 1 > cells.length) cells = Arrays.copyOf(cells, Math.max(to + 1, Math.min(cells.length * 2, wrap + 1)));
        if (len < to) {
            Arrays.fill(cells, len, to, ' ');
            lineChars += to - len;
            len = to;
            changed = true;
        }
    }

    private void newline() {
        history.appendLine(cells, len);
        len = 0;
        col = 0;
        lineChars = 0;
        changed = true;
        history.bound(0);
    }

    private void eraseInLine(int mode) {
        int from = mode == 0 ? col : 0;
        int to = mode == 1 ? col + 1 : len;
        if (to >= len) {
            // Erasing the end: the line is shorter (the cursor stays; writing there pads again).
            if (from < len) {
                truncate(from);
                changed = true;
            }
        } else {
            for (int i = from; i < to; i++) {
                if (cells[i] != ' ') {
                    lineChars += 1 - Character.charCount(cells[i]);
                    cells[i] = ' ';
                    changed = true;
                }
            }
        }
    }

    private void truncate(int to) {
        for (int i = to; i < len; i++) lineChars -= Character.charCount(cells[i]);
        len = to;
    }
}
