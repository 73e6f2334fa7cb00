package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What character each shape a console's learner knows is: OCR's votes settle most, and where OCR
 * misreads a shape the same way on every row, the font and the context do (a zero by the font's O
 * with a mark inside, or by the digits around it; which of two shapes read as one letter is its
 * lower case, by its height and the letters around it; a shape much more like another character's
 * designs in the shipped fonts). A bitmap font draws a character one way, so two shapes are never
 * one character.
 */
final class ShapeCharacters {

    private final Map<CellShapes.Shape, KnownShape> known;
    private final int cellWidth;

    ShapeCharacters(Map<CellShapes.Shape, KnownShape> known, int cellWidth) {
        this.known = known;
        this.cellWidth = cellWidth;
    }

    /**
     * Each shape's character. A bitmap font draws a character one way, so two shapes voted the
     * same character are not both it: the one with more votes for it keeps it, and the other takes
     * the next character its votes name that no shape has (OCR reading this font's 'y' as 'u' on
     * one row is outvoted by its reading 'u' for the real 'u'); a shape with no other keeps it,
     * unless the one with more votes can take its own other reading ({@link #seconds}).
     */
    Map<CellShapes.Shape, Integer> of() {
        Map<CellShapes.Shape, Integer> out = new LinkedHashMap<>();
        Map<Integer, CellShapes.Shape> owner = new HashMap<>();
        List<Map.Entry<CellShapes.Shape, KnownShape>> byVotes = new ArrayList<>(known.entrySet());
        byVotes.sort((a, b) -> Integer.compare(strength(b.getValue()), strength(a.getValue())));
        for (Map.Entry<CellShapes.Shape, KnownShape> e : byVotes) {
            KnownShape k = e.getValue();
            int cp = k.best();
            if (cp < 0) {
                continue;
            }
            CellShapes.Shape rival = owner.get(cp);
            int alt = otherCase(cp);
            int lowerFirst = rival == null ? 0 : lowerCase(cp, e.getKey(), k, rival, known.get(rival));
            if (!k.fixed() && rival != null && alt >= 0 && !owner.containsKey(alt) && !known.get(rival).fixed() && lowerFirst != 0) {
                // two shapes read as one letter (OCR reads this VGA 8x8's 'f' as 'F'): one is its lower case
                boolean lower = lowerFirst > 0;
                int mine = lower ? Character.toLowerCase(cp) : Character.toUpperCase(cp);
                int theirs = lower ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
                owner.remove(cp);
                owner.put(theirs, rival);
                out.put(rival, theirs);
                cp = mine;
            } else if (!k.fixed() && owner.containsKey(cp)) {
                int other = unowned(k, owner);
                if (other >= 0) {
                    cp = other;
                }
            }
            owner.putIfAbsent(cp, e.getKey());
            out.put(e.getKey(), cp);
        }
        seconds(out, owner);
        zeros(out, owner);
        designs(out);
        strokes(out);
        mirrors(out);
        return out;
    }

    /**
     * Two shapes left with one character, the other having no second reading: the one that has it
     * takes its own second reading instead, when that is no shape's and more votes agree so (Spleen
     * 8x16's M, read as 'N' 9 times and 'M' 4, and its N, read as 'N' 6 times).
     */
    private void seconds(Map<CellShapes.Shape, Integer> chars, Map<Integer, CellShapes.Shape> owner) {
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            int cp = e.getValue();
            CellShapes.Shape first = owner.get(cp);
            KnownShape mine = known.get(e.getKey());
            if (first == null || first.equals(e.getKey()) || mine.fixed() || known.get(first).fixed()) {
                continue;
            }
            KnownShape theirs = known.get(first);
            int second = unowned(theirs, owner);
            if (second >= 0 && theirs.votes.get(second) + mine.votes.getOrDefault(cp, 0) > theirs.votes.getOrDefault(cp, 0)) {
                chars.put(first, second);
                owner.put(second, first);
                owner.put(cp, e.getKey());
            }
        }
    }

    /** The character {@code k}'s votes name most that no shape has yet, or -1. */
    private static int unowned(KnownShape k, Map<Integer, CellShapes.Shape> owner) {
        int best = -1;
        int most = 0;
        for (Map.Entry<Integer, Integer> o : k.votes.entrySet()) {
            if (!owner.containsKey(o.getKey()) && (o.getValue() > most || o.getValue() == most && o.getKey() < best)) {
                best = o.getKey();
                most = o.getValue();
            }
        }
        return best;
    }

    /**
     * Marks, bars and Z/2 as their build says ({@link Strokes}), where OCR named one of a group the
     * shape is not (this Fixed 8x15's apostrophe read as '"' on every row, VGA 8x8's '=' as '-'):
     * only towards a character no other shape reads as, or one whose shape is moved away by the same
     * test (an apostrophe and a double quote read the other way round).
     */
    private void strokes(Map<CellShapes.Shape, Integer> chars) {
        Map<CellShapes.Shape, Integer> moved = new LinkedHashMap<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            if (known.get(e.getKey()).fixed()) {
                continue;
            }
            int built = Strokes.character(e.getValue(), e.getKey().rows(), cellWidth);
            if (built != e.getValue()) {
                moved.put(e.getKey(), built);
            }
        }
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            if (!moved.containsKey(e.getKey())) {
                kept.add(e.getValue());
            }
        }
        for (Map.Entry<CellShapes.Shape, Integer> m : moved.entrySet()) {
            // two shapes built as one character: neither moves
            if (!kept.contains(m.getValue()) && java.util.Collections.frequency(moved.values(), m.getValue()) == 1) {
                chars.put(m.getKey(), m.getValue());
            }
        }
    }

    /** Brackets by pairs: a font draws each as the other mirrored. */
    static final String MIRRORED = "<>()[]{}";

    /**
     * A shape that is the mirror image of one read as a bracket by two votes or more is the other
     * bracket of the pair, when no other shape reads as that: OCR reads a small cell's '<', on
     * the few rows that show one, as 'c', 't' or '¢', and M+ 6x13's ')' as '}' on every row. Of two
     * mirror images both read as brackets of different pairs, the one read so by more votes settles.
     */
    private void mirrors(Map<CellShapes.Shape, Integer> chars) {
        Map<String, CellShapes.Shape> byInk = new HashMap<>();
        Map<Integer, Integer> readers = new HashMap<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            byInk.put(java.util.Arrays.toString(inkBox(e.getKey().rows(), false)), e.getKey());
            readers.merge(e.getValue(), 1, Integer::sum);
        }
        Map<CellShapes.Shape, Integer> moved = new LinkedHashMap<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            int side = MIRRORED.indexOf(e.getValue());
            KnownShape k = known.get(e.getKey());
            if (side < 0 || !k.fixed() && k.votes.getOrDefault(e.getValue(), 0) < 2) {
                continue;
            }
            int partner = MIRRORED.charAt(side ^ 1);
            CellShapes.Shape mirror = byInk.get(java.util.Arrays.toString(inkBox(e.getKey().rows(), true)));
            if (mirror == null || mirror.equals(e.getKey()) || known.get(mirror).fixed()
                    || chars.get(mirror) == partner || readers.getOrDefault(partner, 0) > 0) {
                continue;
            }
            int theirs = chars.get(mirror);
            if (MIRRORED.indexOf(theirs) >= 0 && known.get(mirror).votes.getOrDefault(theirs, 0) >= k.votes.getOrDefault(e.getValue(), 0)
                    && !k.fixed()) {
                continue; // read as a bracket itself, as surely: the pair is settled the other way round
            }
            moved.put(mirror, partner);
        }
        chars.putAll(moved);
    }

    /** The shape's rows moved to the right edge of its ink, and {@code mirrored} left for right within it. */
    private static int[] inkBox(int[] rows, boolean mirrored) {
        int any = 0;
        for (int r : rows) {
            any |= r;
        }
        int right = any == 0 ? 0 : Integer.numberOfTrailingZeros(any);
        int wide = 32 - Integer.numberOfLeadingZeros(any) - right;
        int[] out = new int[rows.length];
        for (int y = 0; y < rows.length; y++) {
            int r = rows[y] >>> right;
            out[y] = mirrored && wide > 0 ? Integer.reverse(r) >>> (32 - wide) : r;
        }
        return out;
    }

    /** A shape OCR named is taken for another character only when it is at least this like the other's designs ... */
    static final double LIKE = 0.55;
    /** ... and this much more like them than like the named one's. */
    static final double LIKER_BY = 0.25;

    /** A shape this like a character's designs is surely drawn as it. */
    static final double SURE = 1 - LIKER_BY;

    /**
     * Second opinions from the shipped fonts' designs ({@link GlyphDesigns}): a shape OCR named
     * that is much more like another character's designs than the named one's, and very like
     * them, is that character, when no other shape reads as it. Where two shapes are named one
     * character and one of them is surely it, the other needs only to be surely another (this
     * VGA 16x28's '8', which OCR reads as '6' more often than its 6).
     */
    private void designs(Map<CellShapes.Shape, Integer> chars) {
        java.util.Set<Integer> taken = new java.util.HashSet<>(chars.values());
        int baseline = baseline(chars);
        int xHeight = commonTop(chars, X_HEIGHT);
        int capHeight = commonTop(chars, CAPITALS);
        Map<Integer, Double> surest = new HashMap<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            surest.merge(e.getValue(), GlyphDesigns.likeness(e.getKey().rows(), cellWidth, e.getValue()), Math::max);
        }
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            KnownShape k = known.get(e.getKey());
            int cp = e.getValue();
            if (k.fixed() || !GlyphDesigns.compared(cp)) {
                continue;
            }
            double named = GlyphDesigns.likeness(e.getKey().rows(), cellWidth, cp);
            boolean another = surest.get(cp) >= SURE && named < surest.get(cp);
            if (named < 0 || named > SURE && !another) {
                continue;
            }
            int descends = baseline < 0 ? -1 : bottom(e.getKey().rows()) > baseline ? 1 : 0;
            int[] likest = GlyphDesigns.likest(e.getKey().rows(), cellWidth, descends);
            double other = likest[1] / 1000.0;
            boolean liker = another ? other >= SURE && other > named : other >= LIKE && other >= named + LIKER_BY;
            if (likest[0] >= 0 && likest[0] != cp && !taken.contains(likest[0]) && liker
                    && !otherHeight(top(e.getKey().rows()), cp, likest[0], xHeight, capHeight)) {
                taken.remove(cp);
                taken.add(likest[0]);
                e.setValue(likest[0]);
            }
        }
    }

    /** Capitals whose top is the font's cap height (no round overshoot); {@link #X_HEIGHT}'s letters stand in its x-height. */
    static final String CAPITALS = "BDEFHIKLMNPRTUVWXYZ";
    /** Shapes read as such letters a height is told by, at the least. */
    static final int HEIGHT_FROM = 3;

    /** The top row most shapes read as one of {@code letters} share; -1 when fewer than {@link #HEIGHT_FROM} are. */
    private static int commonTop(Map<CellShapes.Shape, Integer> chars, String letters) {
        Map<Integer, Integer> tops = new HashMap<>();
        int counted = 0;
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            if (e.getValue() < 0x80 && letters.indexOf(e.getValue()) >= 0) {
                tops.merge(top(e.getKey().rows()), 1, Integer::sum);
                counted++;
            }
        }
        return counted < HEIGHT_FROM ? -1 : tops.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * Whether a design's second opinion would change a letter's case against its height: a shape
     * no taller than the font's x-height is no capital (efont 12's 'v', cut to its box, is the
     * shipped fonts' 'V'), one as tall as its capitals no x-height letter.
     */
    private static boolean otherHeight(int top, int named, int other, int xHeight, int capHeight) {
        if (xHeight < 0 || capHeight < 0 || xHeight <= capHeight || !Character.isLetter(named) || !Character.isLetter(other)) {
            return false;
        }
        if (Character.isLowerCase(named) && Character.isUpperCase(other)) {
            return top >= xHeight;
        }
        return Character.isUpperCase(named) && other < 0x80 && X_HEIGHT.indexOf(other) >= 0 && top <= capHeight;
    }

    /** Letters and digits a baseline is told by: at least this many shapes read as ones that stand on it. */
    static final int BASELINE_FROM = 8;

    /**
     * The row the font's letters stand on: the lowest inked row most shapes read as letters or
     * digits without a descender share; -1 when fewer than {@link #BASELINE_FROM} say.
     */
    private static int baseline(Map<CellShapes.Shape, Integer> chars) {
        Map<Integer, Integer> bottoms = new HashMap<>();
        int counted = 0;
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            int cp = e.getValue();
            if (cp < 0x80 && Character.isLetterOrDigit(cp) && GlyphDesigns.DESCENDERS.indexOf(cp) < 0 && cp != 'Q') {
                bottoms.merge(bottom(e.getKey().rows()), 1, Integer::sum);
                counted++;
            }
        }
        if (counted < BASELINE_FROM) {
            return -1;
        }
        return bottoms.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * What OCR reads a zero as when the font marks it (a dot, a slash) or draws it as an oval:
     * letters, signs, other digits. Not theta, which is an O with a mark inside too.
     */
    private static final String ZERO_AS = "OoDQ@68\u00D8\u00F8";

    /**
     * Zeros OCR misread, told by the font and the context, not by one guess: a shape that is the
     * font's {@code O} with a mark inside it (Terminus's slashed zero, which OCR reads as '6',
     * '8' or '@'); or a shape read as a round letter that stands among digits more than among
     * letters (an oval zero read as 'O'). Only while no shape reads as '0' by two votes or more.
     */
    private void zeros(Map<CellShapes.Shape, Integer> chars, Map<Integer, CellShapes.Shape> owner) {
        CellShapes.Shape o = owner.get((int) 'O');
        CellShapes.Shape zero = owner.get((int) '0');
        CellShapes.Shape marked = null;
        CellShapes.Shape amongDigits = null;
        for (Map.Entry<CellShapes.Shape, Integer> e : chars.entrySet()) {
            KnownShape k = known.get(e.getKey());
            int cp = e.getValue();
            if (k.fixed() || cp != '0' && ZERO_AS.indexOf(cp) < 0) {
                continue;
            }
            if (o != null && e.getKey() != o && markedInside(o.rows(), e.getKey().rows())
                    && (marked == null || strength(k) > strength(known.get(marked)))) {
                marked = e.getKey();
            }
            if ("OoDQ".indexOf(cp) >= 0 && k.besideDigit > k.besideLetter && k.besideDigit >= 2
                    && (amongDigits == null || strength(k) > strength(known.get(amongDigits)))) {
                amongDigits = e.getKey();
            }
        }
        // the font's O with a mark inside is its zero, whatever OCR said; a round letter among digits only
        // while no shape reads as '0' by two votes
        CellShapes.Shape found = marked != null ? marked
            : zero != null && known.get(zero).votes.getOrDefault((int) '0', 0) >= 2 ? null : amongDigits;
        if (found == null || found == zero) {
            return;
        }
        if (zero != null) {
            // the shape OCR took for '0' goes back to the next thing its readings say, if any
            int next = -1;
            int most = 0;
            for (Map.Entry<Integer, Integer> v : known.get(zero).votes.entrySet()) {
                if (v.getKey() != '0' && v.getValue() > most) {
                    most = v.getValue();
                    next = v.getKey();
                }
            }
            if (next >= 0) {
                chars.put(zero, next);
            } else {
                chars.remove(zero);
            }
        }
        chars.put(found, (int) '0');
    }

    /** Whether {@code shape} is {@code o} with ink added strictly inside o's outline (between its leftmost and rightmost, top and bottom ink). */
    static boolean markedInside(int[] o, int[] shape) {
        int top = -1;
        int bottom = -1;
        int any = 0;
        for (int y = 0; y < o.length; y++) {
            if (o[y] != 0) {
                top = top < 0 ? y : top;
                bottom = y;
                any |= o[y];
            }
        }
        if (top < 0) {
            return false;
        }
        int left = 31 - Integer.numberOfLeadingZeros(any);  // highest bit: the leftmost column
        int right = Integer.numberOfTrailingZeros(any);    // lowest bit: the rightmost column
        int inside = left - right < 2 ? 0 : ((1 << left) - 1) & ~((1 << (right + 1)) - 1);
        boolean extra = false;
        for (int y = 0; y < o.length; y++) {
            if ((shape[y] & o[y]) != o[y]) {
                return false; // not all of the O
            }
            int more = shape[y] & ~o[y];
            if (more != 0) {
                if (y <= top || y >= bottom || (more & ~inside) != 0) {
                    return false;
                }
                extra = true;
            }
        }
        return extra;
    }

    /** The letter's other case, or -1 when it has none (a digit, a sign, a letter of one case). */
    static int otherCase(int cp) {
        if (!Character.isLetter(cp)) {
            return -1;
        }
        int other = Character.isUpperCase(cp) ? Character.toLowerCase(cp) : Character.toUpperCase(cp);
        return other == cp ? -1 : other;
    }

    /**
     * Which of two shapes read as one letter is its lower case: 1 the first, -1 the second, 0 when
     * nothing tells. For a letter whose lower case is x-high, the one whose ink starts lower (s,
     * S); for one whose lower case descends, the one whose ink goes lower (y, Y); else the one that
     * stands among lower-case letters clearly more (f, F; an ascender may rise above the capitals,
     * as l does over L in Fixed fonts).
     */
    private static int lowerCase(int cp, CellShapes.Shape a, KnownShape ka, CellShapes.Shape b, KnownShape kb) {
        int lower = Character.toLowerCase(cp);
        int topA = top(a.rows());
        int topB = top(b.rows());
        if (X_HEIGHT.indexOf(lower) >= 0 && topA != topB) {
            return topA > topB ? 1 : -1;
        }
        int bottomA = bottom(a.rows());
        int bottomB = bottom(b.rows());
        // the one that descends is the lower case, when the other stands taller (a capital; a 'j'
        // is dotted as high): this font's 'v' read as 'y' is as tall as its y, and no 'Y'
        if (GlyphDesigns.DESCENDERS.indexOf(lower) >= 0 && bottomA != bottomB && (lower == 'j' || (bottomA > bottomB ? topB < topA : topA < topB))) {
            return bottomA > bottomB ? 1 : -1;
        }
        double la = lowerness(ka);
        double lb = lowerness(kb);
        return Math.abs(la - lb) < 0.25 ? 0 : la > lb ? 1 : -1;
    }

    /** Letters whose lower case stands in the x-height (those whose lower case descends are {@link GlyphDesigns#DESCENDERS}). */
    static final String X_HEIGHT = "acemnorsuvwxz";

    /** The first row of a shape with ink ({@code rows.length} for none). */
    static int top(int[] rows) {
        for (int y = 0; y < rows.length; y++) {
            if (rows[y] != 0) {
                return y;
            }
        }
        return rows.length;
    }

    /** The last row of a shape with ink (-1 for none). */
    static int bottom(int[] rows) {
        for (int y = rows.length - 1; y >= 0; y--) {
            if (rows[y] != 0) {
                return y;
            }
        }
        return -1;
    }

    /** The share of a shape's letter neighbours that are lower case (one half when it has none). */
    private static double lowerness(KnownShape k) {
        int n = k.besideLower + k.besideUpper;
        return n == 0 ? 0.5 : (double) k.besideLower / n;
    }

    private static int strength(KnownShape k) {
        int best = k.best();
        return k.fixed() ? Integer.MAX_VALUE : best < 0 ? 0 : k.votes.get(best);
    }
}
