package io.vaxiin.repl.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * Console text as the pieces ({@link Atom}s) of a regular expression that matches it and the
 * other screens of its kind: what changes from one screen of a kind to the next is generalised,
 * the rest is kept as literal characters.
 *
 * <ul>
 *   <li>A word (a run of non-space characters) that is a number, maybe with punctuation around
 *       it ({@code 15,}, {@code (12)}, {@code 0.}), becomes {@code \d+} with its punctuation kept:
 *       inode numbers and counters.</li>
 *   <li>A word with digits that is not a plain number ({@code 0x1f}, {@code 10.0.0.5},
 *       {@code 12:03:44}, a UUID, {@code -(1173--1279)}) or a path ({@code /data},
 *       {@code (/etc/fstab)}) becomes {@code \S+}: addresses, timestamps, ranges, inode names.</li>
 *   <li>A quoted name ({@code 'numbers.txt'}, {@code "my file"}) becomes {@code '[^']*'}. A quote
 *       counts as opening only after a non-letter, so the apostrophe of {@code can't} stays text.</li>
 *   <li>One space stays a space; a longer run or a tab becomes {@code \s+} (columns are padded).</li>
 *   <li>A run of four or more of the same sign ({@code ──────}, {@code ......}) becomes the sign
 *       and {@code +}: a box or a dotted leader is as wide as its content, and is short to read.</li>
 *   <li>Every other character is itself, escaped only where a regex or a Groovy slashy string
 *       needs it, so the pattern stays readable: regex metacharacters get a backslash, {@code /}
 *       is written {@code \/}, a literal {@code $} is {@code [$]} (in a slashy string {@code \$x}
 *       would still start a GString interpolation), invisible characters are {@code \x{HEX}}
 *       (never {@code \\u}, which Groovy would decode before the regex sees it).</li>
 * </ul>
 * The Java regex and the slashy string's text are then the same characters, so what is checked
 * with {@link java.util.regex.Pattern} here is exactly what the script will run.
 *
 * <p>Rows are joined into a tail of the screen with a {@link Type#BOL} atom before each row: it
 * reads {@code \s*\n\s*} between rows, and {@code (?:^|\n)\s*} at the start of a pattern ("this
 * text starts its line").
 */
final class LinePattern {

    private LinePattern() {
    }

    /** What an atom stands for. */
    enum Type {
        /** One character, as itself. */
        LITERAL,
        /** Whitespace between words. */
        SPACE,
        /** A number: {@code \d+}. */
        NUMBER,
        /** A word with digits or a path: {@code \S+}. */
        TOKEN,
        /** A quoted name: {@code '[^']*'}. */
        QUOTED,
        /** A run of one sign: {@code ─+}. */
        RUN,
        /** The start of a row. */
        BOL
    }

    /**
     * One piece of a pattern. Two atoms are the same piece when type and regex are equal, so
     * {@code 15} and {@code 4711} (both {@code \d+}) are, and {@code Clear} and {@code Fix} are not.
     */
    record Atom(Type type, String regex) {
        /** True for a letter or digit written as itself: the inside of a word. */
        boolean wordChar() {
            return type == Type.LITERAL && regex.codePointCount(0, regex.length()) == 1
                    && Character.isLetterOrDigit(regex.codePointAt(0));
        }
    }

    static final Atom ONE_SPACE = new Atom(Type.SPACE, " ");
    static final Atom SPACES = new Atom(Type.SPACE, "\\s+");
    static final Atom NUMBER = new Atom(Type.NUMBER, "\\d+");
    static final Atom TOKEN = new Atom(Type.TOKEN, "\\S+");
    static final Atom SINGLE_QUOTED = new Atom(Type.QUOTED, "'[^']*'");
    static final Atom DOUBLE_QUOTED = new Atom(Type.QUOTED, "\"[^\"]*\"");
    static final Atom BOL = new Atom(Type.BOL, "\\n");

    /** "this is where the text ends": a screen's last text, a serial console's newest. */
    static final String END = "\\s*$";

    // punctuation that may stand around a number without making it something else: (12) 15, 0.
    private static final String LEAD = "([{<\"'";
    private static final String TRAIL = ")]}>.,;:!?\"'";
    private static final String REGEX_META = "\\^.|?*+()[]{}";
    private static final int LONGEST_QUOTE = 100;
    private static final int SHORTEST_RUN = 4;

    /** The atoms of one row of text (leading and trailing whitespace ignored). */
    static List<Atom> atoms(String row) {
        String s = row.strip();
        List<Atom> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                int j = i;
                while (j < s.length() && Character.isWhitespace(s.charAt(j))) j++;
                out.add(j - i == 1 && c == ' ' ? ONE_SPACE : SPACES);
                i = j;
                continue;
            }
            int close = quoteEnd(s, i);
            if (close > 0) {
                out.add(c == '\'' ? SINGLE_QUOTED : DOUBLE_QUOTED);
                i = close + 1;
                continue;
            }
            int j = i + 1;
            while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && quoteEnd(s, j) < 0) j++;
            word(s.substring(i, j), out);
            i = j;
        }
        return out;
    }

    /**
     * The last {@code rows} non-blank rows of a text, each after a {@link Type#BOL} atom: the end
     * of a screen, where its question is (terminals and fsck ask where the cursor is).
     */
    static List<Atom> tail(List<String> lines, int rows) {
        List<String> nonBlank = lines.stream().filter(l -> !l.isBlank()).toList();
        List<Atom> out = new ArrayList<>();
        for (String row : nonBlank.subList(Math.max(0, nonBlank.size() - rows), nonBlank.size())) {
            out.add(BOL);
            out.addAll(atoms(row));
        }
        return out;
    }

    /** The regex of a sequence of atoms (without the end anchor). */
    static String regex(List<Atom> atoms) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < atoms.size(); i++) {
            Atom a = atoms.get(i);
            if (a.type() == Type.BOL) b.append(i == 0 ? "(?:^|\\n)\\s*" : "\\s*\\n\\s*");
            else b.append(a.regex());
        }
        return b.toString();
    }

    /**
     * True when the atoms say something of their own: at least three characters written as
     * themselves, one of them a letter or digit. {@code <y>?} does, {@code ?} or {@code \d+} alone
     * would match nearly any screen.
     */
    static boolean nontrivial(List<Atom> atoms) {
        long literal = atoms.stream().filter(a -> a.type() == Type.LITERAL || a.type() == Type.RUN).count();
        return literal >= 3 && atoms.stream().anyMatch(Atom::wordChar);
    }

    /** The regex of literal text: each character as itself, escaped where needed. */
    static String literal(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(cp -> b.append(escape(cp)));
        return b.toString();
    }

    private static void word(String w, List<Atom> out) {
        int lead = 0;
        while (lead < w.length() && LEAD.indexOf(w.charAt(lead)) >= 0) lead++;
        int trail = w.length();
        while (trail > lead && TRAIL.indexOf(w.charAt(trail - 1)) >= 0) trail--;
        String core = w.substring(lead, trail);
        if (!core.isEmpty() && core.chars().allMatch(LinePattern::digit)) {
            literals(w.substring(0, lead), out);
            out.add(NUMBER);
            literals(w.substring(trail), out);
        } else if (core.chars().anyMatch(LinePattern::digit) || path(core)) {
            out.add(TOKEN);
        } else {
            literals(w, out);
        }
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean path(String core) {
        return core.length() > 1 && (core.startsWith("/") || core.startsWith("~/") || core.startsWith("./"));
    }

    private static void literals(String text, List<Atom> out) {
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; ) {
            int j = i;
            while (j < cps.length && cps[j] == cps[i]) j++;
            if (j - i >= SHORTEST_RUN && !Character.isLetterOrDigit(cps[i])) {
                out.add(new Atom(Type.RUN, escape(cps[i]) + "+"));
            } else {
                for (int k = i; k < j; k++) out.add(new Atom(Type.LITERAL, escape(cps[k])));
            }
            i = j;
        }
    }

    /** Where the quote opened at {@code i} closes, or -1 when {@code i} does not open a quote. */
    private static int quoteEnd(String s, int i) {
        char q = s.charAt(i);
        if (q != '\'' && q != '"') return -1;
        if (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) return -1;
        for (int k = i + 1; k < s.length() && k <= i + LONGEST_QUOTE; k++) {
            if (s.charAt(k) == q) {
                return k + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(k + 1)) ? k : -1;
            }
        }
        return -1;
    }

    private static String escape(int cp) {
        if (cp < 128 && REGEX_META.indexOf(cp) >= 0) return "\\" + (char) cp;
        if (cp == '$') return "[$]";
        if (cp == '/') return "\\/";
        if (visible(cp)) return Character.toString(cp);
        return String.format("\\x{%X}", cp);
    }

    private static boolean visible(int cp) {
        if (Character.isISOControl(cp)) return false;
        int type = Character.getType(cp);
        return type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
                && type != Character.PRIVATE_USE && type != Character.SURROGATE && type != Character.UNASSIGNED
                && type != Character.SPACE_SEPARATOR;
    }
}
