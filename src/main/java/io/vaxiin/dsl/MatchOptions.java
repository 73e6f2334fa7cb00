package io.vaxiin.dsl;

import io.vaxiin.vision.ImageMatcher;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code matches}: read from the script's map at run time, and checked by
 * {@code vaxiin check} when they are literals, with the same sentences.
 */
public final class MatchOptions {

    /** The option names {@code matches} knows. */
    public static final List<String> KEYS = List.of("threshold", "region", "exclude");

    private MatchOptions() {}

    /** The matcher's options for a script's {@code matches(options, needle)}. */
    public static ImageMatcher.Options of(Map<String, ?> options) {
        ImageMatcher.Options o = ImageMatcher.Options.defaults();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            switch (e.getKey()) {
                case "threshold" -> o = o.withThreshold(threshold(e.getValue()));
                case "region" -> o = o.withRegion(region(e.getValue()));
                case "exclude" -> o = o.withExclude(exclude(e.getValue()));
                default -> throw new IllegalArgumentException(unknown(e.getKey()));
            }
        }
        return o;
    }

    static String unknown(String key) {
        return "matches does not know the option '" + key + "' (" + String.join(", ", KEYS) + ")";
    }

    /** A score in (0, 1]. */
    public static double threshold(Object value) {
        if (value instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 1) return n.doubleValue();
        throw new IllegalArgumentException("threshold: " + value + " is outside (0, 1]: 1 is the same pixels, "
                + ImageMatcher.DEFAULT_THRESHOLD + " the default, 0.8 forgives JPEG, 0.6 scaling");
    }

    /** {@code [x, y, width, height]} in screen pixels. */
    public static Rectangle region(Object value) {
        Rectangle r = rectangle(value);
        if (r == null) {
            throw new IllegalArgumentException("region: " + value + " is not [x, y, width, height] in screen pixels"
                    + " (x, y ≥ 0; width, height ≥ 1)");
        }
        return r;
    }

    /** {@code [[x, y, width, height], …]} in needle pixels. */
    public static List<Rectangle> exclude(Object value) {
        List<Rectangle> areas = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                Rectangle r = rectangle(o);
                if (r == null) {
                    areas = null;
                    break;
                }
                areas.add(r);
            }
        } else {
            areas = null;
        }
        if (areas == null) {
            throw new IllegalArgumentException("exclude: " + value + " is not a list of areas [[x, y, width, height], …]"
                    + " in needle pixels (x, y ≥ 0; width, height ≥ 1)");
        }
        return areas;
    }

    private static Rectangle rectangle(Object value) {
        if (!(value instanceof List<?> list) || list.size() != 4) return null;
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || Math.abs(n.doubleValue()) > 1_000_000) {
                return null;
            }
            v[i] = n.intValue();
        }
        if (v[0] < 0 || v[1] < 0 || v[2] < 1 || v[3] < 1) return null;
        return new Rectangle(v[0], v[1], v[2], v[3]);
    }
}
