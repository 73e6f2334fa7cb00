package io.vaxiin.connector.serial;

/**
 * The finished lines of a {@link SerialBuffer}, bounded from the front. Offsets count every
 * character the console has shown since it was opened; {@code start} only grows.
 *
 * <p>Old text is not cut on every line (that would copy the whole history each time): it stays
 * hidden in front of {@code start} until it is half the bound, then goes in one copy, so a burst
 * costs about two character copies per character. Not thread-safe: the buffer's lock guards it.
 */
final class History {

    private final int maxChars;
    private final int slack;
    private final StringBuilder text = new StringBuilder();
    /** The offset of {@code text.charAt(0)}. */
    private long base;
    /** The offset of the first character kept. */
    private long start;

    History(int maxChars) {
        this.maxChars = maxChars;
        this.slack = Math.max(maxChars / 2, 8192);
    }

    /** Appends a finished line (its cells, one code point each) and its {@code \n}. */
    void appendLine(int[] cells, int len) {
        append(cells, len);
        text.append('\n');
    }

    /** The offset where the current line starts: just past the last finished line. */
    long lineStart() {
        return base + text.length();
    }

    long start() {
        return start;
    }

    /** Moves {@code start} so the kept history and a current line of {@code lineChars} fit the bound. */
    void bound(int lineChars) {
        long end = lineStart() + lineChars;
        if (end - start > maxChars) start = end - maxChars;
        int from = (int) (start - base);
        // Never start in the middle of a surrogate pair.
        if (from < text.length() && Character.isLowSurrogate(text.charAt(from))) {
            start++;
            from++;
        }
        if (from > slack) {
            text.delete(0, from);
            base = start;
        }
    }

    /** The kept history followed by the current line's cells. */
    String text(int[] cells, int len) {
        int mark = text.length();
        append(cells, len);
        String s = text.substring((int) (start - base));
        text.setLength(mark);
        return s;
    }

    private void append(int[] cells, int len) {
        for (int i = 0; i < len; i++) {
            int c = cells[i];
            if (c < Character.MIN_SUPPLEMENTARY_CODE_POINT) text.append((char) c);
            else text.appendCodePoint(c);
        }
    }
}
