package io.vaxiin.vision;

/**
 * Characters OCR confuses in a learnt font that differ in how they are built, not in how they
 * look at a glance: an apostrophe has one stroke and a double quote two, a minus one bar and an
 * equals sign two, a degree sign is a ring and a tilde a wave, a Z's top bar spans its width and
 * a 2's top is round, a cent sign's stroke leaves its c inside the c's width where a '(' and a '<'
 * end at their right, a tilde is a low wave whatever OCR named it, and a star has a bar and rays
 * where an 'x' has none and a '+' an upright, a period is a round dot where a comma has a tail, and a
 * colon is two dots one above the other. Counted on the shape's own pixels, so it holds for any font's design.
 */
final class Strokes {

    /** The characters {@link #character} tells apart, each among the others of its group. */
    static final String MARKS = "'\"~\u00B0";
    static final String BARS = "-=";
    static final String ZEDS = "Z2";
    static final String CENT = "\u00A2";
    static final String DOTS = ".,";
    static final String BRACKETS = "(){}";
    /** What OCR reads a star alone on its row as. */
    static final String STAR_AS = "xX#+";

    private Strokes() {}

    /**
     * What {@code named} (OCR's reading of the shape) is by its build, when {@code named} is one of
     * a group above; {@code named} itself when the shape's build agrees, or says nothing clear.
     *
     * @param rows the shape, a row per int, column x at bit {@code width - 1 - x}
     */
    static int character(int named, int[] rows, int width) {
        if (named < 0 || named > 0xFFFF) {
            return named;
        }
        char c = (char) named;
        if (c != '~' && wave(rows, width)) {
            return '~'; // OCR reads a tilde alone on its row as 'e', ':', '-' or '«'
        }
        if (c != ':' && colon(rows)) {
            return ':'; // OCR reads Neep 6x11's colon of two round dots as 't', 'r', '2' or '¢'
        }
        if (DOTS.indexOf(c) >= 0) {
            return period(named, rows);
        }
        if (BRACKETS.indexOf(c) >= 0) {
            return bracket(named, rows);
        }
        if (MARKS.indexOf(c) >= 0) {
            return mark(named, rows, width);
        }
        if (BARS.indexOf(c) >= 0) {
            int bars = bars(rows);
            return bars == 1 ? '-' : bars == 2 ? '=' : named;
        }
        if (ZEDS.indexOf(c) >= 0) {
            return zed(named, rows, width);
        }
        if (CENT.indexOf(c) >= 0) {
            return cent(named, rows);
        }
        if (STAR_AS.indexOf(c) >= 0 && star(rows, width)) {
            return '*';
        }
        return named;
    }

    /**
     * A cent sign read where the top and bottom rows of ink both reach the shape's right side: a
     * '(' when its leftmost column is a stroke a quarter of the shape's height or more, a '<' when
     * it is a point (Terminus 6x12's '(' and Courier 6x10's '<' read as '¢' on every row).
     */
    private static int cent(int named, int[] rows) {
        Ink ink = Ink.of(rows);
        if (ink == null || (rows[ink.top()] >>> ink.right() & 1) == 0 || (rows[ink.bottom()] >>> ink.right() & 1) == 0
                || ink.wide() == 1) {
            return named;
        }
        int leftmost = 0;
        for (int r : rows) {
            leftmost += r >>> ink.left() & 1;
        }
        return 4 * leftmost >= ink.tall() ? '(' : '<';
    }

    /**
     * A round or curly bracket by its build: its ends on one side of its ink and its middle on the
     * other, which side telling open from close; the middle rows that reach that side a sixth of
     * its height or less: a brace's point; a quarter or more: a parenthesis's bulge (M+ 6x13's ')'
     * and '(' read as '}' and '{' as often as not).
     */
    private static int bracket(int named, int[] rows) {
        Ink ink = Ink.of(rows);
        if (ink == null || ink.tall() < 5 || ink.wide() < 2) {
            return named;
        }
        int top = rows[ink.top()];
        int bottom = rows[ink.bottom()];
        boolean open = (top >>> ink.right() & 1) != 0 && (bottom >>> ink.right() & 1) != 0
                && (top >>> ink.left() & 1) == 0 && (bottom >>> ink.left() & 1) == 0;
        boolean close = (top >>> ink.left() & 1) != 0 && (bottom >>> ink.left() & 1) != 0
                && (top >>> ink.right() & 1) == 0 && (bottom >>> ink.right() & 1) == 0;
        if (open == close) {
            return named;
        }
        int side = open ? ink.left() : ink.right();
        int reaching = 0;
        for (int y = ink.top(); y <= ink.bottom(); y++) {
            reaching += rows[y] >>> side & 1;
        }
        if (6 * reaching <= ink.tall()) {
            return open ? '{' : '}';
        }
        if (4 * reaching >= ink.tall()) {
            return open ? '(' : ')';
        }
        return named;
    }

    /** One dot: a period; one part that is not (a comma's tail): a comma (Neep's round period reads as ','). */
    private static int period(int named, int[] rows) {
        if (bars(rows) != 1) {
            return named;
        }
        Ink ink = Ink.of(rows);
        return dot(rows, ink.top(), ink.bottom()) ? '.' : ',';
    }

    /**
     * Two equal round dots, one above the other and nothing else: each as tall as wide, or a row
     * more or less, so that a broken bar ('¦', '╏': two strokes twice as tall as wide) is none.
     */
    static boolean colon(int[] rows) {
        if (bars(rows) != 2) {
            return false;
        }
        int top = ShapeCharacters.top(rows);
        int end = top;
        while (rows[end + 1] != 0) {
            end++;
        }
        int lower = end + 1;
        while (rows[lower] == 0) {
            lower++;
        }
        int tall = end - top + 1;
        if (lower + tall > rows.length || !dot(rows, top, end) || Math.abs(tall - Integer.bitCount(rows[top + tall / 2])) > 1) {
            return false;
        }
        for (int y = 0; y < tall; y++) {
            if (rows[top + y] != rows[lower + y]) {
                return false;
            }
        }
        return lower + tall == rows.length || rows[lower + tall] == 0;
    }

    /**
     * Rows {@code from..to} are a dot: at most twice as tall as wide, or as wide as tall (not a
     * bar; Terminus draws its period two pixels tall and one wide), each row one run of ink, the
     * same upside down (a comma's tail is not).
     */
    private static boolean dot(int[] rows, int from, int to) {
        int any = 0;
        for (int y = from; y <= to; y++) {
            if (rows[y] == 0 || !runOf(rows[y]) || rows[y] != rows[from + to - y]) {
                return false;
            }
            any |= rows[y];
        }
        int wide = Integer.bitCount(any);
        int tall = to - from + 1;
        return runOf(any) && tall <= 2 * wide && wide <= 2 * tall;
    }

    /** The row's ink is one run of pixels. */
    private static boolean runOf(int row) {
        int r = row >>> Integer.numberOfTrailingZeros(row);
        return (r & (r + 1)) == 0;
    }

    /** Two parts: a double quote; one part with a hole: a degree sign; one part wider than tall: a tilde; else an apostrophe. */
    private static int mark(int named, int[] rows, int width) {
        int parts = parts(rows, width);
        if (parts == 2) {
            return '"';
        }
        if (parts != 1) {
            return named;
        }
        if (holes(rows, width) > 0) {
            return '\u00B0';
        }
        Ink ink = Ink.of(rows);
        return ink.wide() > ink.tall() ? '~' : '\'';
    }

    /**
     * A tilde: one part, low (a quarter of the cell high, three rows at least allowed), wider
     * than tall, its top edge rising and falling, the same turned half round but not the same
     * mirrored ('^' is, and '-' both).
     */
    static boolean wave(int[] rows, int width) {
        Ink ink = Ink.of(rows);
        if (ink == null || parts(rows, width) != 1) {
            return false;
        }
        int top = ink.top();
        int bottom = ink.bottom();
        int left = ink.left();
        int right = ink.right();
        int wide = ink.wide();
        int tall = ink.tall();
        if (tall > Math.max(3, rows.length / 4) || wide <= tall || wide < 4) {
            return false;
        }
        // its top edge goes up and down again, or down and up ('`' and '´' slope one way)
        int turns = 0;
        int last = 0;
        int previous = -1;
        for (int i = 0; i < wide; i++) {
            int highest = top;
            while (highest < bottom && (rows[highest] >>> (left - i) & 1) == 0) {
                highest++;
            }
            int step = previous < 0 ? 0 : Integer.signum(highest - previous);
            if (step != 0 && last != 0 && step != last) {
                turns++;
            }
            last = step != 0 ? step : last;
            previous = highest;
        }
        if (turns == 0) {
            return false;
        }
        int turned = 0;
        int mirrored = 0;
        for (int y = top; y <= bottom; y++) {
            for (int i = 0; i < wide; i++) {
                boolean p = (rows[y] >>> (left - i) & 1) != 0;
                turned += p != ((rows[top + bottom - y] >>> (right + i) & 1) != 0) ? 1 : 0;
                mirrored += p != ((rows[y] >>> (right + i) & 1) != 0) ? 1 : 0;
            }
        }
        return turned <= 1 && mirrored > 1;
    }

    /**
     * A star: no hole, one bar across nearly all its width between its top and bottom rows, and
     * rays above and below the bar that are no upright stroke ('x' has no bar, '+' only an
     * upright stroke above and below it, '#' holes or two bars).
     */
    static boolean star(int[] rows, int width) {
        Ink ink = Ink.of(rows);
        if (ink == null || holes(rows, width) > 0) {
            return false;
        }
        int top = ink.top();
        int bottom = ink.bottom();
        int any = columns(rows);
        int wide = ink.wide();
        int bar = top;
        for (int y = top; y <= bottom; y++) {
            bar = Integer.bitCount(rows[y]) > Integer.bitCount(rows[bar]) ? y : bar;
        }
        if (wide < 5 || bar == top || bar == bottom || 5 * Integer.bitCount(rows[bar]) < 4 * wide) {
            return false;
        }
        int upright = any; // the columns every row inks
        for (int y = top; y <= bottom; y++) {
            upright &= rows[y];
            boolean barToo = 5 * Integer.bitCount(rows[y]) >= 4 * wide;
            if (barToo && Math.abs(y - bar) > 1 && !(y > bar ? barRows(rows, bar, y, wide) : barRows(rows, y, bar, wide))) {
                return false; // a second bar apart from the first: a '#' whose bars close no hole
            }
        }
        boolean above = false;
        boolean below = false;
        for (int y = top; y <= bottom; y++) {
            if ((rows[y] & ~upright) != 0 && y != bar) {
                above |= y < bar;
                below |= y > bar;
            }
        }
        return above && below;
    }

    /** Whether rows {@code from} to {@code to} are all bars (a thick one) across a shape {@code wide}. */
    private static boolean barRows(int[] rows, int from, int to, int wide) {
        for (int y = from; y <= to; y++) {
            if (5 * Integer.bitCount(rows[y]) < 4 * wide) {
                return false;
            }
        }
        return true;
    }

    /**
     * A top row that reaches both sides of the shape's ink: Z; one that reaches neither: 2 (its
     * round top). Neither closes a hole: a shape read as one that closes two is an 8 (Modd 6x11's,
     * pinched to an x in its middle, reads as '2' and 'Z').
     */
    private static int zed(int named, int[] rows, int width) {
        Ink ink = Ink.of(rows);
        if (ink == null) {
            return named;
        }
        if (holes(rows, width) == 2 && parts(rows, width) == 1) {
            return '8';
        }
        int top = ink.top();
        int left = ink.left();
        int right = ink.right();
        boolean reachesLeft = (rows[top] >>> left & 1) != 0;
        boolean reachesRight = (rows[top] >>> right & 1) != 0;
        if (reachesLeft && reachesRight && Integer.bitCount(rows[top]) == left - right + 1) {
            return 'Z';
        }
        return !reachesLeft && !reachesRight ? '2' : named;
    }

    /**
     * The box a shape's ink fills: its first and last inked rows, and its leftmost and rightmost
     * inked columns as bit positions in a row (column x is bit {@code width - 1 - x}).
     */
    private record Ink(int top, int bottom, int left, int right) {
        /** The box of {@code rows}' ink; null for none. */
        static Ink of(int[] rows) {
            int top = ShapeCharacters.top(rows);
            if (top >= rows.length) {
                return null;
            }
            int any = columns(rows);
            return new Ink(top, ShapeCharacters.bottom(rows), 31 - Integer.numberOfLeadingZeros(any), Integer.numberOfTrailingZeros(any));
        }

        int wide() {
            return left - right + 1;
        }

        int tall() {
            return bottom - top + 1;
        }
    }

    /** The columns any row inks, as one row. */
    private static int columns(int[] rows) {
        int any = 0;
        for (int r : rows) {
            any |= r;
        }
        return any;
    }

    /** Runs of rows with ink, split by blank rows. */
    static int bars(int[] rows) {
        int bars = 0;
        boolean in = false;
        for (int r : rows) {
            if (r != 0 && !in) {
                bars++;
            }
            in = r != 0;
        }
        return bars;
    }

    /** Parts of the ink, pixels touching by a side or a corner being one part. */
    static int parts(int[] rows, int width) {
        return regions(rows, width, true, false);
    }

    /** Blank regions the ink closes in (not reaching the cell's edge by a side-to-side path of blank pixels). */
    static int holes(int[] rows, int width) {
        return regions(rows, width, false, true);
    }

    /**
     * Regions of ink (pixels joined by a side or a corner) or of blank (joined by a side only, so a
     * diagonal of ink closes them), counting only those that do not reach the cell's edge when
     * {@code closedOnly}.
     */
    private static int regions(int[] rows, int width, boolean ofInk, boolean closedOnly) {
        int h = rows.length;
        boolean[] seen = new boolean[width * h];
        int[] stack = new int[width * h];
        int regions = 0;
        for (int start = 0; start < width * h; start++) {
            if (seen[start] || ink(rows, width, start % width, start / width) != ofInk) {
                continue;
            }
            boolean edge = false;
            int n = 0;
            stack[n++] = start;
            seen[start] = true;
            while (n > 0) {
                int p = stack[--n];
                int x = p % width;
                int y = p / width;
                edge |= x == 0 || y == 0 || x == width - 1 || y == h - 1;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dx != 0 && dy != 0 && !ofInk) || nx < 0 || nx >= width || ny < 0 || ny >= h
                                || seen[ny * width + nx] || ink(rows, width, nx, ny) != ofInk) {
                            continue;
                        }
                        seen[ny * width + nx] = true;
                        stack[n++] = ny * width + nx;
                    }
                }
            }
            if (!closedOnly || !edge) {
                regions++;
            }
        }
        return regions;
    }

    private static boolean ink(int[] rows, int width, int x, int y) {
        return (rows[y] >>> (width - 1 - x) & 1) != 0;
    }
}
