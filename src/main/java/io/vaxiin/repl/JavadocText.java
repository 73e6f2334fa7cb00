package io.vaxiin.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Javadoc comment as plain text for a terminal: {@code {@code x}} becomes {@code x},
 * {@code {@link A#b}} becomes {@code b}, {@code <p>} a blank line, {@code <li>} a "- " bullet;
 * other tags go, whitespace is collapsed, and the text is wrapped. {@code @param} tags become
 * bullets; other block tags ({@code @throws}, {@code @see}) are left out.
 */
final class JavadocText {

    /** Columns the text is wrapped at. */
    static final int WIDTH = 100;

    // code stays code: its < > & must survive the removal of HTML tags
    private static final char LT = '\uE000';
    private static final char GT = '\uE001';
    private static final char AMP = '\uE002';
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^@(\\w+)\\s*");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)");

    private JavadocText() {}

    /** The comment's paragraphs and bullets, wrapped at {@code width} columns after {@code indent} spaces. */
    static String render(String javadoc, int indent, int width) {
        List<String> blocks = blocks(javadoc);
        StringBuilder out = new StringBuilder();
        String last = null;
        for (String b : blocks) {
            boolean bullet = b.startsWith("- ");
            // bullets follow each other, and the line that introduces them, without a blank line
            if (last != null) out.append(bullet && (last.startsWith("- ") || last.endsWith(":")) ? "\n" : "\n\n");
            out.append(wrap(b, indent, bullet ? indent + 2 : indent, width));
            last = b;
        }
        return out.toString();
    }

    /** The first sentence of the comment, unwrapped. */
    static String firstSentence(String javadoc) {
        List<String> blocks = blocks(javadoc);
        if (blocks.isEmpty()) return "";
        String first = blocks.get(0);
        Matcher m = SENTENCE_END.matcher(first);
        return m.find() ? first.substring(0, m.end()) : first;
    }

    /** The comment as paragraphs and bullets, each on one line. */
    static List<String> blocks(String javadoc) {
        String body = strip(javadoc);
        // the main description, then each @param as a bullet
        Matcher tag = BLOCK_TAG.matcher(body);
        List<String> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int start = 0;
        String name = null;
        while (tag.find()) {
            parts.add(body.substring(start, tag.start()));
            names.add(name);
            name = tag.group(1);
            start = tag.end();
        }
        parts.add(body.substring(start));
        names.add(name);
        StringBuilder text = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            if (!"param".equals(names.get(i))) continue;
            String p = parts.get(i).strip();
            int space = p.indexOf(' ');
            text.append("<li>").append(space < 0 ? p : p.substring(0, space) + ": " + p.substring(space + 1));
        }
        String plain = html(inline(text.toString()));
        List<String> blocks = new ArrayList<>();
        for (String b : plain.split("\n\\s*\n")) {
            String collapsed = b.strip().replaceAll("\\s+", " ");
            if (!collapsed.isEmpty() && !collapsed.equals("-")) blocks.add(restore(collapsed));
        }
        return blocks;
    }

    /** The comment's text without its delimiters and the stars that start its lines. */
    private static String strip(String javadoc) {
        String s = javadoc.strip();
        if (s.startsWith("/**")) s = s.substring(3);
        if (s.endsWith("*/")) s = s.substring(0, s.length() - 2);
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            out.append(line.replaceFirst("^\\s*\\*( ?)", "")).append('\n');
        }
        return out.toString().strip();
    }

    /** Inline tags: {@code …} and {@literal …} keep their text (braces inside balanced), {@link …} its label or member. */
    private static String inline(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("{@", i)) {
                int end = closingBrace(s, i);
                String inner = s.substring(i + 2, end);
                int space = inner.indexOf(' ');
                String tag = space < 0 ? inner.strip() : inner.substring(0, space);
                String arg = space < 0 ? "" : inner.substring(space + 1);
                out.append(switch (tag) {
                    case "code", "literal" -> protect(arg);
                    case "link", "linkplain" -> protect(link(arg.strip()));
                    default -> protect(arg);
                });
                i = Math.min(s.length(), end + 1);
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') depth++;
            else if (s.charAt(i) == '}' && --depth == 0) return i;
        }
        return s.length();
    }

    /** {@code A#b(X) label} → label; {@code A#b(X)} → b; {@code A} → A. */
    private static String link(String ref) {
        int paren = ref.indexOf('(');
        int afterSignature = paren < 0 ? -1 : ref.indexOf(')', paren);
        int space = afterSignature >= 0 ? ref.indexOf(' ', afterSignature) : ref.indexOf(' ');
        if (space >= 0 && !ref.substring(space).isBlank()) return ref.substring(space + 1).strip();
        String target = paren < 0 ? ref : ref.substring(0, paren);
        int hash = target.indexOf('#');
        return hash >= 0 ? target.substring(hash + 1) : target.substring(target.lastIndexOf('.') + 1);
    }

    private static String html(String s) {
        return s.replaceAll("(?i)<p\\s*/?>|</p>|</?ul>|</?ol>", "\n\n")
                .replaceAll("(?i)<li>", "\n\n- ")
                .replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&#64;", "@")
                .replace("&amp;", "&");
    }

    private static String protect(String code) {
        return code.replace('<', LT).replace('>', GT).replace('&', AMP);
    }

    private static String restore(String s) {
        return s.replace(LT, '<').replace(GT, '>').replace(AMP, '&');
    }

    /** Wraps one line of text at {@code width}: the first line after {@code first} spaces, the others after {@code rest}. */
    static String wrap(String text, int first, int rest, int width) {
        StringBuilder out = new StringBuilder(" ".repeat(first));
        int column = first;
        boolean lineStart = true;
        for (String word : text.split(" ")) {
            if (!lineStart && column + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(rest));
                column = rest;
                lineStart = true;
            }
            if (!lineStart) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            lineStart = false;
        }
        return out.toString();
    }
}
