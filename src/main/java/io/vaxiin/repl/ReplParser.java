package io.vaxiin.repl;

import org.jline.reader.EOFError;
import org.jline.reader.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JLine's parser for the REPL. When the person presses Enter on input that obviously goes on
 * ({@link InputCompleteness}), it throws {@link EOFError}, so JLine shows the continuation
 * prompt and keeps reading: a closure may be typed over several lines. For completion it splits
 * the line into {@link ReplLine} words without unescaping anything: Groovy's quotes, slashes and
 * backslashes reach the REPL as typed.
 */
public final class ReplParser implements Parser {

    /**
     * Parses {@code line} with the cursor at {@code cursor}.
     *
     * @throws EOFError on {@code ACCEPT_LINE} (and {@code SECONDARY_PROMPT}) when the input goes on;
     *                  its {@code missing} is what would close it (a bracket, {@code '''}, the
     *                  operator it ends with), for a continuation prompt pattern's {@code %M}
     */
    @Override
    public ReplLine parse(String line, int cursor, ParseContext context) throws EOFError {
        if (context == ParseContext.ACCEPT_LINE || context == ParseContext.SECONDARY_PROMPT) {
            Optional<InputCompleteness.Open> open = InputCompleteness.open(line);
            if (open.isPresent()) {
                InputCompleteness.Open o = open.get();
                throw new EOFError(-1, -1, "the input goes on (" + o.missing() + ")", o.missing(), o.brackets(), o.nextClosing());
            }
        }
        // JLine passes length + 1 when it replays commands from an editor
        int at = Math.max(0, Math.min(cursor, line.length()));
        return line.stripLeading().startsWith(":") ? command(line, at) : groovy(line, at);
    }

    /**
     * False: JLine would otherwise drop every backslash of an accepted line ({@code /Fix<y>\?/}
     * would arrive as {@code /Fix<y>?/}); Groovy reads its escapes itself.
     */
    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /** A {@code :command} line: words are the runs of non-blank characters. */
    private static ReplLine command(String line, int cursor) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) { i++; continue; }
            int j = i;
            while (j < line.length() && !Character.isWhitespace(line.charAt(j))) j++;
            tokens.add(new int[] {i, j});
            i = j;
        }
        int start = cursor;
        for (int[] t : tokens) if (t[0] <= cursor && cursor <= t[1]) start = t[0];
        int end = start;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) end++;
        return line(line, cursor, tokens, start, end, ReplLine.Kind.COMMAND, (char) 0, false);
    }

    /** Groovy: identifiers, runs of other characters, and the insides of strings are the words; comments are none. */
    private static ReplLine groovy(String line, int cursor) {
        GroovyScan scan = GroovyScan.of(line);
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        for (GroovyScan.Span s : scan.spans) {
            codeTokens(line, i, s.start(), tokens);
            if (s.kind() != GroovyScan.Kind.LINE_COMMENT && s.kind() != GroovyScan.Kind.BLOCK_COMMENT) {
                tokens.add(new int[] {s.contentStart(), s.contentEnd()});
            }
            i = s.end();
        }
        codeTokens(line, i, line.length(), tokens);

        GroovyScan.Span in = scan.spanAt(cursor);
        if (in != null && in.kind() == GroovyScan.Kind.STRING) {
            return line(line, cursor, tokens, in.contentStart(), in.contentEnd(), ReplLine.Kind.STRING,
                    in.delimiter().charAt(0), in.closed());
        }
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(line.charAt(start - 1))) start--;
        int end = cursor;
        while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) end++;
        if (in != null) {
            // inside a comment or a slashy or triple-quoted string: the identifier there, never completed
            start = Math.max(start, in.contentStart());
            end = Math.min(end, in.contentEnd());
        }
        return line(line, cursor, tokens, start, end, in == null ? ReplLine.Kind.CODE : ReplLine.Kind.OTHER, (char) 0, false);
    }

    private static void codeTokens(String line, int from, int to, List<int[]> tokens) {
        int i = from;
        while (i < to) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            boolean identifier = Character.isJavaIdentifierPart(c);
            int j = i + 1;
            while (j < to && !Character.isWhitespace(line.charAt(j)) && Character.isJavaIdentifierPart(line.charAt(j)) == identifier) j++;
            tokens.add(new int[] {i, j});
            i = j;
        }
    }

    /** The parsed line, with the word [start, end) among the words (inserted, empty, when it is not one of them). */
    private static ReplLine line(String line, int cursor, List<int[]> tokens, int start, int end,
                                 ReplLine.Kind kind, char quote, boolean closed) {
        List<String> words = new ArrayList<>();
        int index = -1;
        for (int[] t : tokens) {
            if (index < 0 && t[0] >= start) {
                index = words.size();
                words.add(line.substring(start, end));
                if (t[0] == start && t[1] == end) continue;
            }
            if (t[0] == start && t[1] == end) continue;
            words.add(line.substring(t[0], t[1]));
        }
        if (index < 0) {
            index = words.size();
            words.add(line.substring(start, end));
        }
        return new ReplLine(line, cursor, words, index, start, kind, quote, closed);
    }
}
