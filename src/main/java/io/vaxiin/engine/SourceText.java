package io.vaxiin.engine;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.control.Janitor;
import org.codehaus.groovy.control.SourceUnit;

/** Cuts the text of an AST node out of its source, for rule names in the run log. */
final class SourceText {

    private SourceText() {}

    /** The source text from the start of {@code from} to the end of {@code to}, lines joined by a space. */
    static String between(SourceUnit source, ASTNode from, ASTNode to) {
        int firstLine = from.getLineNumber(), firstCol = from.getColumnNumber();
        int lastLine = to.getLastLineNumber(), lastCol = to.getLastColumnNumber();
        if (firstLine < 1 || lastLine < firstLine) return "?";
        Janitor janitor = new Janitor();
        try {
            StringBuilder sb = new StringBuilder();
            for (int line = firstLine; line <= lastLine; line++) {
                String text = source.getSource().getLine(line, janitor);
                if (text == null) break;
                int start = line == firstLine ? Math.max(0, firstCol - 1) : 0;
                int end = line == lastLine ? Math.min(text.length(), Math.max(start, lastCol - 1)) : text.length();
                if (sb.length() > 0) sb.append(' ');
                sb.append(text, Math.min(start, text.length()), end);
            }
            return sb.toString().strip().replaceAll("\\s+", " ");
        } finally {
            janitor.cleanup();
        }
    }

    /** The text of one node. */
    static String of(SourceUnit source, ASTNode node) {
        return between(source, node, node);
    }
}
