package io.vaxiin.repl;

import java.util.Optional;

/**
 * Whether text typed or piped into the REPL is a whole input or obviously goes on: an unclosed
 * brace, parenthesis or square bracket outside strings and comments, an unclosed {@code '''} or
 * {@code """} string or block comment, a backslash at the end, or a last token
 * that needs more ({@code &&}, {@code ||}, {@code ,}, {@code +}, {@code =}, {@code ->},
 * {@code then}, …). A {@code :command} is always whole.
 *
 * <p>It errs towards "complete": text that is wrong rather than unfinished (a closing bracket
 * too many, a {@code '…'} string left open at the end of its line) is complete, so Groovy reports
 * the error instead of the REPL waiting for more. Slashy regular expressions are told from
 * division by what precedes the {@code /} (see {@link GroovyScan}); outside strings a backslash
 * escapes the next character, so {@code =~ /\(x/} read as division still counts no bracket, but a
 * bracket without a backslash inside such a regex does.
 */
public final class InputCompleteness {

    /**
     * What keeps an input open.
     *
     * @param missing     what would close it: a closing bracket, a delimiter ({@code '''}, the end of a
     *                    block comment), {@code \} for a line continuation, or the token the text ends with
     * @param brackets    how many brackets are open (JLine indents the next line by this many levels)
     * @param nextClosing the bracket that closes the innermost one, or null when no bracket is open
     */
    public record Open(String missing, int brackets, String nextClosing) {}

    private InputCompleteness() {}

    /** True when {@code text} is a whole input: a statement, several, a {@code :command}, or nothing. */
    public static boolean complete(String text) {
        return open(text).isEmpty();
    }

    /** What keeps {@code text} open, or empty when it is {@link #complete(String) complete}. */
    public static Optional<Open> open(String text) {
        if (text == null || text.isBlank() || text.stripLeading().startsWith(":")) return Optional.empty();
        GroovyScan scan = GroovyScan.of(text);
        int depth = scan.brackets.size();
        String closing = depth == 0 ? null : String.valueOf(closer(scan.brackets.peekLast()));
        GroovyScan.Span open = scan.openAtEnd();
        if (open != null && open.kind() != GroovyScan.Kind.STRING && open.kind() != GroovyScan.Kind.SLASHY
                && open.kind() != GroovyScan.Kind.LINE_COMMENT) {
            String delimiter = switch (open.kind()) {
                case BLOCK_COMMENT -> "*/";
                case DOLLAR_SLASHY -> "/$";
                default -> open.delimiter();
            };
            return Optional.of(new Open(delimiter, depth, closing));
        }
        if (scan.mismatched) return Optional.empty();
        if ("\\".equals(scan.lastToken)) return Optional.of(new Open("\\", depth, closing));
        if (depth > 0) return Optional.of(new Open(closing, depth, closing));
        if (scan.lastToken != null && needsMore(scan.lastToken)) return Optional.of(new Open(scan.lastToken, 0, null));
        return Optional.empty();
    }

    /** True for a last token after which a Groovy expression cannot end. */
    static boolean needsMore(String token) {
        if (token.equals("then")) return true;
        if (token.endsWith("++") || token.endsWith("--")) return false;
        if (token.endsWith("->")) return true;
        // && || , + - * % ^ = == != <= += =~ ==~ . .. ?. ?: ! < and a lone & or |
        return "&|,+-*%^=~.?:!<".indexOf(token.charAt(token.length() - 1)) >= 0;
    }

    private static char closer(char open) {
        return switch (open) {
            case '(' -> ')';
            case '[' -> ']';
            default -> '}';
        };
    }
}
