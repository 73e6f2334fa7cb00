package io.vaxiin.dsl;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets of one run (passwords, secret parameters), and the one place that hides them: every
 * line of the run log, every text file a run writes and every message Vaxiin prints passes
 * through {@link #mask}, which replaces each secret's value with {@code ****}. A value is added
 * as soon as it is read from its {@code env:} or {@code file:} source, before anything could
 * print it.
 */
public final class Redactor {

    /** What a secret is shown as. */
    public static final String MASK = "****";

    private final List<String> values = new CopyOnWriteArrayList<>();

    /** Remembers a secret's value; an empty value hides nothing. */
    public void add(CharSequence value) {
        if (value == null || value.length() == 0) return;
        String v = value.toString();
        if (values.contains(v)) return;
        values.add(v);
        values.sort(Comparator.comparingInt(String::length).reversed()); // the longest first: no half-masked value
    }

    /** Remembers a secret's value. */
    public void add(char[] value) {
        if (value != null) add(new String(value));
    }

    /** True when {@code text} holds a secret's value. */
    public boolean holds(CharSequence text) {
        if (text == null) return false;
        String t = text.toString();
        for (String v : values) if (t.contains(v)) return true;
        return false;
    }

    /**
     * Where secrets' values are in {@code text}: {@code [start, end)} character ranges, also for a
     * value a screen's text wraps over two rows (the range then takes in the line break); ranges
     * may overlap. Empty when it holds none.
     */
    public List<int[]> spans(CharSequence text) {
        List<int[]> spans = new java.util.ArrayList<>();
        if (text == null) return spans;
        String t = text.toString();
        for (String v : values) {
            for (int at = t.indexOf(v); at >= 0; at = t.indexOf(v, at + 1)) spans.add(new int[]{at, at + v.length()});
            if (v.length() < 2 || t.indexOf('\n') < 0) continue;
            java.util.regex.Matcher m = wrapped(v).matcher(t);
            while (m.find()) if (m.group().indexOf('\n') >= 0) spans.add(new int[]{m.start(), m.end()});
        }
        return spans;
    }

    /** A value as a screen may show it: any two of its characters may have a line break between them. */
    private static java.util.regex.Pattern wrapped(String v) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            if (i > 0) re.append("(?:[ \\t]*\\n)?");
            re.append(java.util.regex.Pattern.quote(v.substring(i, i + 1)));
        }
        return java.util.regex.Pattern.compile(re.toString());
    }

    /**
     * {@code text} with every secret's value replaced by {@link #MASK}, also where a screen's
     * text wraps a value over two rows (the break is kept).
     */
    public String mask(CharSequence text) {
        if (text == null) return null;
        String t = text.toString();
        for (String v : values) if (t.contains(v)) t = t.replace(v, MASK);
        if (t.indexOf('\n') >= 0) {
            for (String v : values) {
                if (v.length() < 2) continue;
                t = wrapped(v).matcher(t).replaceAll(m -> m.group().contains("\n") ? MASK + "\n" : MASK);
            }
        }
        return t;
    }
}
