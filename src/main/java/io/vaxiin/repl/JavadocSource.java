package io.vaxiin.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Javadoc comments of a Java source file, read at run time: the class's comment and, for
 * each documented public method of the top-level class (not of nested types), its name,
 * parameter names and comment. A small reader, not a Java parser: it knows comments, strings,
 * character literals and braces, which is all it takes to tell which comment precedes which
 * method of the class body.
 */
final class JavadocSource {

    /**
     * A documented public method.
     *
     * @param name     its name
     * @param params   its parameters' names
     * @param isStatic true for a static method
     * @param javadoc  the comment, from {@code /**} to its end
     */
    record Method(String name, List<String> params, boolean isStatic, String javadoc) {}

    /**
     * What a file documents.
     *
     * @param className the top-level type's simple name
     * @param classDoc  its comment, or an empty string
     * @param methods   its documented public methods, in source order
     */
    record Documented(String className, String classDoc, List<Method> methods) {}

    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\s+(\\w+)");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+");

    private JavadocSource() {}

    static Documented parse(String source) {
        String className = "";
        String classDoc = "";
        List<Method> methods = new ArrayList<>();
        int depth = 0;
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("/**", i) && !source.startsWith("/**/", i)) {
                int end = source.indexOf("*/", i + 3);
                if (end < 0) break;
                String doc = source.substring(i, end + 2);
                String declaration = declaration(source, end + 2);
                Matcher type = TYPE.matcher(declaration);
                if (depth == 0 && type.find()) {
                    className = type.group(2);
                    classDoc = doc;
                } else if (depth == 1 && !type.find()) {
                    Method m = method(declaration, doc, className);
                    if (m != null) methods.add(m);
                }
                i = end + 2;
            } else if (source.startsWith("//", i)) {
                int nl = source.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                i = literalEnd(source, i);
            } else {
                if (c == '{') depth++;
                else if (c == '}') depth--;
                i++;
            }
        }
        return new Documented(className, classDoc, methods);
    }

    /** The end of a string or character literal that starts at {@code i}. */
    private static int literalEnd(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q && s.charAt(j) != '\n') j += s.charAt(j) == '\\' ? 2 : 1;
        return Math.min(s.length(), j + 1);
    }

    /** The declaration after a comment: up to its body, its {@code ;} or its {@code =}, outside parentheses. */
    private static String declaration(String s, int from) {
        int parens = 0;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(s, i);
                continue;
            }
            if (c == '(') parens++;
            else if (c == ')') parens--;
            else if (parens == 0 && (c == '{' || c == ';' || c == '=')) break;
            i++;
        }
        return s.substring(from, i);
    }

    /** The method a declaration declares, or null when it is no public method (a field, a constructor). */
    private static Method method(String declaration, String doc, String className) {
        String d = withoutAnnotations(declaration).strip();
        int open = d.indexOf('(');
        if (open < 0) return null;
        String head = d.substring(0, open).strip();
        List<String> words = List.of(head.split("\\s+"));
        String name = words.get(words.size() - 1);
        // public, a type and a name make a method; "public Screen(" is a constructor
        if (!words.contains("public") || words.size() < 3 || name.equals(className)) return null;
        int close = matching(d, open);
        List<String> params = new ArrayList<>();
        for (String p : topLevelSplit(d.substring(open + 1, close))) {
            String[] parts = p.strip().split("\\s+");
            if (!parts[parts.length - 1].isEmpty()) params.add(parts[parts.length - 1]);
        }
        return new Method(name, params, words.contains("static"), doc);
    }

    /** The declaration with its annotations ({@code @Override}, {@code @DelegatesTo(…)}) taken out. */
    private static String withoutAnnotations(String d) {
        StringBuilder out = new StringBuilder();
        Matcher m = ANNOTATION.matcher(d);
        int i = 0;
        while (m.find(i)) {
            out.append(d, i, m.start());
            int j = m.end();
            while (j < d.length() && Character.isWhitespace(d.charAt(j))) j++;
            i = j < d.length() && d.charAt(j) == '(' ? matching(d, j) + 1 : m.end();
        }
        return out.append(d.substring(i)).toString();
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') depth++;
            else if (s.charAt(i) == ')' && --depth == 0) return i;
        }
        return s.length() - 1;
    }

    /** Splits parameters at commas outside {@code <…>} and {@code (…)}. */
    private static List<String> topLevelSplit(String params) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<' || c == '(') depth++;
            else if (c == '>' || c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(params.substring(start, i));
                start = i + 1;
            }
        }
        if (!params.isBlank()) out.add(params.substring(start));
        return out;
    }
}
