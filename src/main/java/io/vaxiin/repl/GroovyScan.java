package io.vaxiin.repl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * One lexical walk over Groovy text, enough to tell code from strings and comments and to count
 * brackets; not a parser. {@link InputCompleteness} asks it whether the text obviously continues,
 * {@link ReplParser} where the word under the cursor starts.
 *
 * <p>Limits, chosen so that a misjudgement never leaves the person stuck at a continuation prompt:
 * a {@code /} starts a slashy string only where an expression may start (after an operator, an
 * opening bracket, a comma, {@code return}, {@code then}, … or at the start), and a slashy string
 * or a {@code '…'}/{@code "…"} string left open at the end of a line ends there (Groovy then
 * reports the error). Outside strings a backslash escapes the next character, so the {@code \(}
 * of a regular expression read as division never counts as a bracket. A GString's
 * {@code ${…}} holding a double-quoted string ends the outer string early.
 */
final class GroovyScan {

    /** What a span of non-code text is. */
    enum Kind { STRING, TRIPLE_STRING, SLASHY, DOLLAR_SLASHY, LINE_COMMENT, BLOCK_COMMENT }

    /**
     * A string or comment.
     *
     * @param start        index of its first delimiter character
     * @param contentStart index after the opening delimiter
     * @param contentEnd   index of the closing delimiter, or where the span stops when open
     * @param end          index after the closing delimiter, or {@code contentEnd} when open
     * @param delimiter    the opening delimiter ({@code '}, {@code '''}, {@code /}, {@code /*}, …)
     * @param closed       false when the text (or, for one-line kinds, the line) ended first
     */
    record Span(Kind kind, int start, int contentStart, int contentEnd, int end, String delimiter, boolean closed) {}

    private static final String OPERATOR_CHARS = "!%&*+,-.:<=>?^|~";
    private static final String REGEX_AFTER = "=~!(,[{&|?:;+-*%<>^";
    private static final Set<String> REGEX_AFTER_WORDS = Set.of("return", "case", "assert", "in", "then", "when");

    final String text;
    final List<Span> spans = new ArrayList<>();
    /** The opening brackets not closed yet, innermost last. */
    final Deque<Character> brackets = new ArrayDeque<>();
    /** A closing bracket that closes nothing: the text is wrong, not unfinished. */
    boolean mismatched;
    /**
     * The last code token: an identifier, a run of operator characters, a bracket, {@code \\} for a
     * backslash that continues the line; null when a string came last or there is no code.
     */
    String lastToken;

    private GroovyScan(String text) {
        this.text = text;
    }

    static GroovyScan of(String text) {
        GroovyScan s = new GroovyScan(text);
        s.walk();
        return s;
    }

    /** The span that holds {@code pos} (a cursor position: after its opening delimiter, up to its closing one), or null in code. */
    Span spanAt(int pos) {
        for (Span s : spans) {
            if (pos >= s.contentStart() && pos <= s.contentEnd()) return s;
            if (s.start() > pos) break;
        }
        return null;
    }

    private void walk() {
        int n = text.length();
        int i = 0;
        char prev = 0;        // the last significant code character, 0 at the start
        String prevWord = ""; // the last identifier, when it was the last code token
        while (i < n) {
            char c = text.charAt(i);
            boolean expressionMayStart = prev == 0 || REGEX_AFTER.indexOf(prev) >= 0 || REGEX_AFTER_WORDS.contains(prevWord);
            int next;
            String token;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (text.startsWith("//", i)) {
                i = span(Kind.LINE_COMMENT, i, "//", lineEnd(i), false);
                continue; // comments leave what came before them as the last token
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                i = span(Kind.BLOCK_COMMENT, i, "/*", close < 0 ? n : close, close >= 0);
                continue;
            } else if (text.startsWith("'''", i) || text.startsWith("\"\"\"", i)) {
                next = tripleString(i, text.substring(i, i + 3));
                token = null;
            } else if (c == '\'' || c == '"') {
                next = oneLineString(i, Kind.STRING, String.valueOf(c));
                token = null;
            } else if (c == '/' && expressionMayStart) {
                next = oneLineString(i, Kind.SLASHY, "/");
                token = null;
            } else if (c == '$' && text.startsWith("$/", i) && expressionMayStart) {
                int close = text.indexOf("/$", i + 2);
                next = span(Kind.DOLLAR_SLASHY, i, "$/", close < 0 ? n : close, close >= 0);
                token = null;
            } else if (c == '\\') {
                // outside strings only a regex read as division holds a backslash: \( \[ \{ are not brackets;
                // a backslash before the end of a line (or of the text) continues the line
                next = Math.min(n, i + 2);
                token = next == i + 1 || text.charAt(i + 1) == '\n' ? "\\" : String.valueOf(text.charAt(i + 1));
            } else if ("([{".indexOf(c) >= 0) {
                brackets.addLast(c);
                next = i + 1;
                token = String.valueOf(c);
            } else if (")]}".indexOf(c) >= 0) {
                Character open = brackets.peekLast();
                if (open == null || "([{".indexOf(open) != ")]}".indexOf(c)) mismatched = true;
                else brackets.removeLast();
                next = i + 1;
                token = String.valueOf(c);
            } else if (Character.isJavaIdentifierStart(c)) {
                next = runEnd(i, true);
                token = text.substring(i, next);
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                next = runEnd(i, false);
                token = text.substring(i, next);
            } else {
                next = i + 1; // '/' as division, '#', '@', ';' and the like
                token = String.valueOf(c);
            }
            lastToken = token;
            prevWord = token != null && Character.isJavaIdentifierStart(token.charAt(0)) ? token : "";
            // after a string, an identifier or an escaped character a '/' divides; 'a' stands for them
            prev = token == null || !prevWord.isEmpty() || c == '\\' ? 'a' : token.charAt(token.length() - 1);
            i = next;
        }
    }

    /** The end of the identifier (or run of operator characters) that starts at {@code i}. */
    private int runEnd(int i, boolean identifier) {
        int j = i + 1;
        while (j < text.length() && (identifier ? Character.isJavaIdentifierPart(text.charAt(j))
                : OPERATOR_CHARS.indexOf(text.charAt(j)) >= 0 && !text.startsWith("//", j) && !text.startsWith("/*", j))) {
            j++;
        }
        return j;
    }

    /** A {@code '…'}, {@code "…"} or {@code /…/} string: backslash escapes, ends at its quote or, open, at the line's end. */
    private int oneLineString(int i, Kind kind, String quote) {
        int n = text.length();
        char q = quote.charAt(0);
        int j = i + 1;
        while (j < n && text.charAt(j) != '\n') {
            char c = text.charAt(j);
            if (c == '\\') {
                if (j + 1 < n && text.charAt(j + 1) == '\n') break;
                j += 2;
            } else if (c == q) {
                return span(kind, i, quote, j, true);
            } else {
                j++;
            }
        }
        return span(kind, i, quote, Math.min(j, n), false);
    }

    private int tripleString(int i, String quote) {
        int n = text.length();
        int j = i + 3;
        while (j < n) {
            if (text.charAt(j) == '\\') j += 2;
            else if (text.startsWith(quote, j)) return span(Kind.TRIPLE_STRING, i, quote, j, true);
            else j++;
        }
        return span(Kind.TRIPLE_STRING, i, quote, n, false);
    }

    /** Records a span from {@code start}, its content ending at {@code contentEnd}; returns the index after it. */
    private int span(Kind kind, int start, String delimiter, int contentEnd, boolean closed) {
        int closeLength = !closed ? 0 : switch (kind) {
            case STRING, SLASHY -> 1;
            case TRIPLE_STRING, BLOCK_COMMENT, DOLLAR_SLASHY -> delimiter.length();
            case LINE_COMMENT -> 0;
        };
        Span s = new Span(kind, start, start + delimiter.length(), contentEnd, contentEnd + closeLength, delimiter, closed);
        spans.add(s);
        return s.end();
    }

    private int lineEnd(int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl;
    }

    /** The last span, when it is still open at the end of the text. */
    Span openAtEnd() {
        if (spans.isEmpty()) return null;
        Span last = spans.get(spans.size() - 1);
        return !last.closed() && last.contentEnd() == text.length() ? last : null;
    }
}
