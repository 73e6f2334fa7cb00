package io.vaxiin.repl.recording;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The bits of Groovy text a written script is made of: string literals, comments, and the
 * action after {@code then}. Whatever came from a screen goes through here, so no screen can
 * break the script's syntax.
 */
final class GroovyText {

    private GroovyText() {
    }

    /**
     * An action a rule can take without braces: one call of a verb with one plain quoted
     * literal. Anything else (an expression, options, a second call, an escape, a GString)
     * needs {@code then { … }}: Groovy reads {@code then VERB ARG} as a property chain that only
     * a literal survives.
     */
    private static final Pattern SIMPLE = Pattern.compile("(?:type|press|power|done|fail) '[^'\\\\\\r\\n]+'");

    /** The longest one-line block, {@code then { a; b }}, before it is written on several lines. */
    private static final int LONGEST_LINE = 100;

    /** A single-quoted Groovy string of {@code s}: never a GString, whatever it holds. */
    static String quote(String s) {
        return "'" + oneLine(s).replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Text safe in a {@code //} comment: on one line, without control or invisible characters. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean invisible = Character.isISOControl(cp) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
            b.appendCodePoint(invisible ? ' ' : cp);
        });
        return b.toString().strip();
    }

    /** {@code s}, at most {@code max} characters: a long prompt keeps its end, where the question is. */
    static String shortened(String s, int max) {
        String one = oneLine(s);
        if (one.length() <= max) return one;
        String end = one.substring(one.length() - max + 1);
        // start at a word, not inside one
        int space = end.indexOf(' ');
        return "…" + (space > 0 && space < end.length() / 2 ? end.substring(space) : end).strip();
    }

    /** A comment line. */
    static String comment(String text) {
        return "// " + oneLine(text);
    }

    /**
     * What follows {@code then}: {@code type 'y'} alone, {@code { a; b }} on one line, or a block
     * of several lines (a multi-line source keeps its lines, indented).
     */
    static String then(List<String> actions) {
        if (actions.size() == 1 && SIMPLE.matcher(actions.get(0).strip()).matches()) return actions.get(0).strip();
        List<String> parts = actions.stream().map(GroovyText::trimmed).toList();
        String joined = String.join("; ", parts);
        // a comment in a source would swallow what follows it on the same line
        boolean oneLine = parts.stream().noneMatch(p -> p.contains("\n") || p.contains("//") || p.contains("/*"));
        if (oneLine && joined.length() <= LONGEST_LINE) return "{ " + joined + " }";
        StringBuilder b = new StringBuilder("{\n");
        for (String part : parts) {
            for (String line : part.stripIndent().split("\n")) b.append(line.isBlank() ? "" : "    " + line).append('\n');
        }
        return b.append('}').toString();
    }

    /**
     * A source compared with another: whitespace outside quotes collapsed, no {@code ;} at the
     * end. {@code type  'y'} and {@code type 'y';} are the same action, {@code type 'a  b'} and
     * {@code type 'a b'} are not.
     */
    static String normalised(String source) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        boolean space = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < source.length()) out.append(source.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0 && c != ';') out.append(' ');
            space = false;
            if (c == '\'' || c == '"') quote = c;
            out.append(c);
        }
        String s = out.toString();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).stripTrailing();
        return s;
    }

    /** A source without the whitespace around it and the {@code ;} at its end. */
    private static String trimmed(String source) {
        String s = source.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).stripTrailing();
        return s;
    }
}
