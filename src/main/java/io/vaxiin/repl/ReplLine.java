package io.vaxiin.repl;

import org.jline.reader.CompletingParsedLine;

import java.util.List;

/**
 * A line as {@link ReplParser} splits it: the words, and the word under the cursor with what it
 * is (code, the inside of a quoted string, an argument of a {@code :command}). The words are
 * never unescaped: what JLine replaces on completion is exactly the word, so quotes and
 * backslashes the person typed stay as typed.
 */
public final class ReplLine implements CompletingParsedLine {

    /** Where the word under the cursor is. */
    public enum Kind {
        /** An identifier of Groovy code, or an empty word between tokens. */
        CODE,
        /** The inside of a {@code '…'} or {@code "…"} string. */
        STRING,
        /** A word of a line that starts with {@code :}. */
        COMMAND,
        /** Inside a comment, a triple-quoted or a slashy string: nothing to complete. */
        OTHER
    }

    private final String line;
    private final int cursor;
    private final List<String> words;
    private final int wordIndex;
    private final int wordStart;
    private final Kind kind;
    private final char quote;
    private final boolean closed;

    ReplLine(String line, int cursor, List<String> words, int wordIndex, int wordStart, Kind kind, char quote, boolean closed) {
        this.line = line;
        this.cursor = cursor;
        this.words = List.copyOf(words);
        this.wordIndex = wordIndex;
        this.wordStart = wordStart;
        this.kind = kind;
        this.quote = quote;
        this.closed = closed;
    }

    /** Where the word under the cursor is. */
    public Kind kind() { return kind; }

    /** The text before the word under the cursor (for a string, up to and with its opening quote). */
    public String before() { return line.substring(0, wordStart); }

    /** The quote of the string the cursor is in ({@code '} or {@code "}), or 0 outside strings. */
    public char quote() { return quote; }

    /** True when the string the cursor is in has its closing quote already. */
    public boolean closed() { return closed; }

    /** The index in {@link #line()} where the word under the cursor starts. */
    public int wordStart() { return wordStart; }

    @Override public String word() { return words.get(wordIndex); }

    @Override public int wordCursor() { return cursor - wordStart; }

    @Override public int wordIndex() { return wordIndex; }

    @Override public List<String> words() { return words; }

    @Override public String line() { return line; }

    @Override public int cursor() { return cursor; }

    /**
     * A candidate as it is written into the line: inside a string not closed yet, a complete
     * candidate closes it ({@code press 'F1} becomes {@code press 'F1'}).
     */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
        return complete && kind == Kind.STRING && !closed ? candidate + String.valueOf(quote) : candidate;
    }

    @Override public int rawWordCursor() { return wordCursor(); }

    @Override public int rawWordLength() { return word().length(); }

    @Override
    public String toString() {
        return "ReplLine[" + kind + " word '" + word() + "' in " + words + "]";
    }
}
