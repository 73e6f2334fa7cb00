package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometric characters of any bitmap font, told from their shape alone: box drawing (light,
 * heavy, double, rounded corners), block elements and shades. They need no OCR (which reads a
 * frame's lines as letters, or loses them) and read the same in every font and at every cell
 * size: a box-drawing glyph is strokes from the cell's edges to its middle, a block is a
 * rectangle on the cell's edges, a shade an even dither over the whole cell (blocks and shades:
 * {@link Fills}).
 *
 * <p>Which box-drawing character a set of strokes is comes from the characters' Unicode names
 * ("BOX DRAWINGS DOWN LIGHT AND RIGHT HEAVY"), not from a table written here. Dashed lines and
 * diagonals are not told (OCR or a shipped font reads them).
 */
final class BoxShapes {

    private BoxShapes() {}

    /** No stroke on that side. */
    static final int NONE = 0;
    static final int LIGHT = 1;
    static final int HEAVY = 2;
    static final int DOUBLE = 3;

    private static final int LEFT = 0;
    private static final int RIGHT = 1;
    private static final int UP = 2;
    private static final int DOWN = 3;

    /** Box-drawing characters by their strokes ({@link #key}), square corners and arcs apart. */
    private static final Map<Integer, Integer> BY_STROKES = new HashMap<>();
    private static final Map<Integer, Integer> ARCS = new HashMap<>();

    static {
        for (int cp = 0x2500; cp <= 0x257F; cp++) {
            String name = Character.getName(cp);
            if (name == null || name.contains("DASH") || name.contains("DIAGONAL")) {
                continue;
            }
            int[] arms = armsOf(cp);
            int sides = 0;
            for (int a : arms) {
                sides += a != NONE ? 1 : 0;
            }
            if (sides >= 2) { // a lone stub (╴ ╵ ╶ ╷ ╸ …) is as likely a '-' or a '\'': left to OCR
                (name.contains(" ARC ") ? ARCS : BY_STROKES).put(key(arms), cp);
            }
        }
    }

    /** The strokes box-drawing character {@code cp}'s Unicode name says, per side (left, right, up, down). */
    private static int[] armsOf(int cp) {
        return arms(Character.getName(cp).replace("BOX DRAWINGS ", ""));
    }

    /** The strokes a box-drawing name says, per side (left, right, up, down). */
    private static int[] arms(String name) {
        int[] arms = new int[4];
        String[] parts = name.split(" AND ");
        int[] weights = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            for (String word : parts[i].split(" ")) {
                switch (word) {
                    case "LIGHT", "SINGLE" -> weights[i] = LIGHT;
                    case "HEAVY" -> weights[i] = HEAVY;
                    case "DOUBLE" -> weights[i] = DOUBLE;
                    default -> { }
                }
            }
        }
        for (int i = 0; i < parts.length; i++) {
            // "LIGHT DOWN AND RIGHT": a part without a weight has its neighbour's
            int weight = weights[i] != NONE ? weights[i] : weights[i > 0 ? i - 1 : Math.min(i + 1, parts.length - 1)];
            for (String word : parts[i].split(" ")) {
                switch (word) {
                    case "LEFT" -> arms[LEFT] = weight;
                    case "RIGHT" -> arms[RIGHT] = weight;
                    case "UP" -> arms[UP] = weight;
                    case "DOWN" -> arms[DOWN] = weight;
                    case "HORIZONTAL" -> arms[LEFT] = arms[RIGHT] = weight;
                    case "VERTICAL" -> arms[UP] = arms[DOWN] = weight;
                    default -> { }
                }
            }
        }
        return arms;
    }

    private static int key(int[] arms) {
        return arms[LEFT] | arms[RIGHT] << 2 | arms[UP] << 4 | arms[DOWN] << 6;
    }

    /** True for a character this class tells from its shape. */
    static boolean geometric(int codePoint) {
        return BY_STROKES.containsValue(codePoint) || ARCS.containsValue(codePoint)
                || codePoint >= 0x2580 && codePoint <= 0x259F;
    }

    /** A guess at a font's light strokes before any is seen: one pixel per 16 of height (across), per 8 of width (down). */
    static int[] lightStrokes(int width, int height) {
        return new int[] {Math.max(1, Math.round(height / 16f)), Math.max(1, Math.round(width / 8f))};
    }

    /**
     * The light strokes of a font, from shapes of it: the thinnest single stroke across (rows)
     * and down (columns) among those that are box drawing at all; the guess of
     * {@link #lightStrokes} where none is. (A frame that shows only heavy lines reads them light.)
     */
    static int[] thinnest(Iterable<int[]> shapes, int width, int height) {
        int[] guess = lightStrokes(width, height);
        int[] loose = {Math.max(1, height / 6), Math.max(1, width / 4)};
        int across = Integer.MAX_VALUE;
        int down = Integer.MAX_VALUE;
        for (int[] rows : shapes) {
            int cp = box(rows, width, height, loose);
            if (cp < 0 || Character.getName(cp).contains("DOUBLE") || Character.getName(cp).contains("SINGLE")) {
                continue; // a bold font draws a double line's strokes thinner than its single ones
            }
            for (int side = 0; side < 4; side++) {
                List<Run> runs = runs(edge(rows, width, height, side));
                if (runs.size() == 1) {
                    if (side == LEFT || side == RIGHT) {
                        across = Math.min(across, runs.get(0).thickness());
                    } else {
                        down = Math.min(down, runs.get(0).thickness());
                    }
                }
            }
        }
        return new int[] {across == Integer.MAX_VALUE ? guess[0] : across, down == Integer.MAX_VALUE ? guess[1] : down};
    }

    /** The ink along one edge of the cell: its rows for left and right, its columns for up and down. */
    private static boolean[] edge(int[] rows, int width, int height, int side) {
        boolean across = side == LEFT || side == RIGHT;
        boolean[] line = new boolean[across ? height : width];
        for (int i = 0; i < line.length; i++) {
            line[i] = across ? ink(rows, width, side == LEFT ? 0 : width - 1, i) : ink(rows, width, i, side == UP ? 0 : height - 1);
        }
        return line;
    }

    /**
     * The geometric character a cell's shape is, or -1.
     *
     * @param rows   the shape, one int per scanline, bit {@code width - 1 - x} is pixel x (as {@link BitmapFont.Glyph})
     * @param light  the thickness of a light horizontal stroke (in rows) and of a light vertical one (in columns)
     *               in this font, e.g. from {@link #lightStrokes} or the thinnest strokes seen
     */
    static int classify(int[] rows, int width, int height, int[] light) {
        int ink = 0;
        for (int r : rows) {
            ink += Integer.bitCount(r);
        }
        if (ink == 0) {
            return -1;
        }
        int block = Fills.block(rows, width, height, ink);
        if (block >= 0) {
            return block;
        }
        int box = box(rows, width, height, light);
        return box >= 0 ? box : Fills.shade(rows, width, height, ink);
    }

    /** Cells at least this many pixels wide may have an arm left or right stop a pixel short of the edge. */
    static final int SHORT_ARM_FROM = 6;

    /** A box-drawing character whose arm on one side ({@code left}: its left one) stops a pixel short of the edge. */
    record ShortArm(int codePoint, boolean left) {
    }

    /**
     * The box-drawing character a shape would be if its arm left or right, which stops a pixel
     * short of the edge (efont 12's {@code ┐ ┤ ┘ ╗ ╝}, whose arms left end a pixel in), went on to
     * the edge: an arm up or down must leave the cell through its edge, and the short one lie in
     * the middle of the cell's height (a '-' drawn from the second column to the last is no box
     * line; nor is a shape whose strokes meet no edge). Null for any other shape. On its own this
     * is no proof: letters and signs of some fonts are such shapes too (an 'ê', a 'µ', a '°'), so
     * the learner takes it only where the short arm meets a box neighbour's line.
     */
    static ShortArm shortArm(int[] rows, int width, int height, int[] light) {
        if (width < SHORT_ARM_FROM) {
            return null;
        }
        for (int side : new int[] {LEFT, RIGHT}) {
            int edge = side == LEFT ? 0 : width - 1;
            int inset = side == LEFT ? 1 : width - 2;
            if (!Fills.blankColumn(rows, width, edge) || !nearMiddle(rows, width, height, inset)) {
                continue;
            }
            int[] drawnOn = rows.clone();
            for (int y = 0; y < height; y++) {
                if (ink(rows, width, inset, y)) {
                    drawnOn[y] |= 1 << (width - 1 - edge);
                }
            }
            int cp = box(drawnOn, width, height, light);
            if (cp < 0) {
                continue;
            }
            int[] arms = armsOf(cp);
            if (arms[side] != NONE && (arms[UP] != NONE || arms[DOWN] != NONE)) {
                return new ShortArm(cp, side == LEFT);
            }
        }
        return null;
    }

    /** Whether box-drawing character {@code cp} has an arm to the right ({@code right}) or to the left; false for any other character. */
    static boolean armTowards(int cp, boolean right) {
        if (cp < 0x2500 || cp > 0x257F || Character.getName(cp) == null) {
            return false;
        }
        return armsOf(cp)[right ? RIGHT : LEFT] != NONE;
    }

    /** Whether column {@code x} has ink, all of it in the middle half of the cell's height and at its middle row or a row off. */
    private static boolean nearMiddle(int[] rows, int width, int height, int x) {
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            if (ink(rows, width, x, y)) {
                top = top < 0 ? y : top;
                bottom = y;
            }
        }
        return top >= height / 4 && bottom <= height - height / 4 - 1 && top <= height / 2 + 1 && bottom >= (height - 1) / 2 - 1;
    }

    private static boolean ink(int[] rows, int width, int x, int y) {
        return (rows[y] >>> (width - 1 - x) & 1) != 0;
    }

    /** A run of ink along one edge of the cell: from {@code from} to {@code to}, inclusive. */
    private record Run(int from, int to) {
        int thickness() {
            return to - from + 1;
        }
    }

    private static List<Run> runs(boolean[] line) {
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < line.length; i++) {
            if (line[i]) {
                int j = i;
                while (j + 1 < line.length && line[j + 1]) {
                    j++;
                }
                out.add(new Run(i, j));
                i = j;
            }
        }
        return out;
    }

    /** Box drawing: strokes that leave the cell through the middle of its edges, and no other ink. */
    private static int box(int[] rows, int width, int height, int[] light) {
        List<List<Run>> edges = new ArrayList<>(4);
        for (int side = 0; side < 4; side++) {
            edges.add(runs(edge(rows, width, height, side)));
        }
        int[] arms = new int[4];
        int sides = 0;
        for (int side = 0; side < 4; side++) {
            List<Run> r = edges.get(side);
            boolean across = side == LEFT || side == RIGHT; // a stroke across the cell (its runs are rows)
            int size = across ? height : width;
            int lightStroke = across ? light[0] : light[1];
            if (r.isEmpty()) {
                continue;
            }
            if (r.size() > 2) {
                return -1;
            }
            for (Run run : r) {
                // a stroke leaves through the middle third of the edge, and goes on into the cell
                // the opposite side has a stroke too: a line through the cell (a double one is broken where lines cross)
                boolean through = arms(edges, side ^ 1) && r.size() == 1;
                // strokes across leave in the middle half of the height; down, a little wider (VGA's ║ is two 2-pixel strokes in 8)
                boolean outside = across ? run.from() < size / 4 || run.to() > size - size / 4 - 1
                        : run.from() < size / 4 - 1 || run.to() > size - size / 4;
                if (outside || !reaches(rows, width, height, side, run, through) || !even(rows, width, height, side, run)) {
                    return -1;
                }
            }
            if (r.size() == 2) {
                if (r.get(0).thickness() > 2 * lightStroke || r.get(1).thickness() > 2 * lightStroke) {
                    return -1;
                }
                arms[side] = DOUBLE;
            } else {
                int t = r.get(0).thickness();
                arms[side] = t * 2 >= lightStroke * 3 && t > lightStroke ? HEAVY : LIGHT;
                if (t > 3 * lightStroke + 1) {
                    return -1;
                }
            }
            sides++;
        }
        if (sides < 2 || beyond(rows, width, height, edges, arms) || !inLine(edges, arms, LEFT, RIGHT) || !inLine(edges, arms, UP, DOWN)) {
            return -1; // ╴ ╵ ╶ ╷ are left to OCR: a lone stub is as likely a '-' or a '\''
        }
        // every ink pixel lies on the strokes' rows (across) or columns (down), near the middle where they meet
        int unexplained = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink(rows, width, x, y) && !onStroke(edges, arms, width, height, x, y)) {
                    unexplained++;
                }
            }
        }
        Integer square = BY_STROKES.get(key(arms));
        if (unexplained == 0 && square != null) {
            return !corner(rows, width, edges, arms) && ARCS.containsKey(key(arms)) ? ARCS.get(key(arms)) : square;
        }
        Integer arc = ARCS.get(key(arms));
        // a rounded corner bends off the strokes' lines: a few pixels there
        if (arc != null && unexplained <= 2 * Math.max(light[0], light[1]) * (1 + Math.max(width, height) / 16)
                && !corner(rows, width, edges, arms)) {
            return arc;
        }
        return -1;
    }

    /**
     * Whether ink goes past where the strokes meet on a side that has none: a corner's strokes
     * end where they meet ('#' is two double strokes that go on).
     */
    private static boolean beyond(int[] rows, int width, int height, List<List<Run>> edges, int[] arms) {
        int v0 = width, v1 = -1, h0 = height, h1 = -1;
        for (int side : new int[] {UP, DOWN}) {
            for (Run r : edges.get(side)) {
                if (arms[side] != NONE) {
                    v0 = Math.min(v0, r.from());
                    v1 = Math.max(v1, r.to());
                }
            }
        }
        for (int side : new int[] {LEFT, RIGHT}) {
            for (Run r : edges.get(side)) {
                if (arms[side] != NONE) {
                    h0 = Math.min(h0, r.from());
                    h1 = Math.max(h1, r.to());
                }
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!ink(rows, width, x, y)) {
                    continue;
                }
                boolean out = v1 >= 0 && (arms[RIGHT] == NONE && x > v1 || arms[LEFT] == NONE && x < v0)
                        || h1 >= 0 && (arms[DOWN] == NONE && y > h1 || arms[UP] == NONE && y < h0);
                if (out) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the strokes of two opposite sides, where both have one, are one line through the cell ('~' is not). */
    private static boolean inLine(List<List<Run>> edges, int[] arms, int a, int b) {
        if (arms[a] == NONE || arms[b] == NONE) {
            return true;
        }
        List<Run> ra = edges.get(a);
        List<Run> rb = edges.get(b);
        Run outerA = new Run(ra.get(0).from(), ra.get(ra.size() - 1).to());
        Run outerB = new Run(rb.get(0).from(), rb.get(rb.size() - 1).to());
        // the thinner within the thicker (a light stroke meets a heavy one along its middle)
        Run thin = outerA.thickness() <= outerB.thickness() ? outerA : outerB;
        Run thick = thin == outerA ? outerB : outerA;
        return thin.from() >= thick.from() && thin.to() <= thick.to();
    }

    private static boolean arms(List<List<Run>> edges, int side) {
        return !edges.get(side).isEmpty();
    }

    /**
     * Whether a stroke does not narrow as it goes in from the edge: the lines next to the edge ink
     * all of its span across (a Courier 'l' cut a row high leaves the top through its serif, three
     * pixels wide over a stem of two, which no box stroke does; another stroke may join it there).
     */
    private static boolean even(int[] rows, int width, int height, int side, Run run) {
        boolean across = side == LEFT || side == RIGHT; // the stroke runs along rows; its span is rows
        int size = across ? width : height;
        int depth = Math.max(2, size / 4);
        for (int d = 1; d < depth; d++) {
            for (int i = run.from(); i <= run.to(); i++) {
                int x = across ? (side == LEFT ? d : width - 1 - d) : i;
                int y = across ? i : (side == UP ? d : height - 1 - d);
                if (!ink(rows, width, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a stroke through {@code run} of an edge goes on into the cell: through it when the
     * opposite edge has a stroke too (a dashed line has gaps), else for a quarter of it (at least
     * two pixels: a rounded corner bends soon after).
     */
    private static boolean reaches(int[] rows, int width, int height, int side, Run run, boolean through) {
        int size = side == LEFT || side == RIGHT ? width : height;
        if (through) {
            // one line of the stroke goes all the way (where a heavy stroke meets a light one, the light one's)
            for (int line = run.from(); line <= run.to(); line++) {
                boolean all = true;
                for (int d = 0; d < size && all; d++) {
                    all = side == LEFT || side == RIGHT ? ink(rows, width, d, line) : ink(rows, width, line, d);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
        int mid = (run.from() + run.to()) / 2;
        int depth = Math.max(2, size / 4);
        for (int d = 0; d < depth; d++) {
            int x = side == LEFT ? d : side == RIGHT ? width - 1 - d : mid;
            int y = side == UP ? d : side == DOWN ? height - 1 - d : mid;
            if (!ink(rows, width, x, y)) {
                return false;
            }
        }
        return true;
    }

    private static boolean onStroke(List<List<Run>> edges, int[] arms, int width, int height, int x, int y) {
        for (int side = 0; side < 4; side++) {
            if (arms[side] == NONE) {
                continue;
            }
            for (Run run : edges.get(side)) {
                boolean across = side == LEFT || side == RIGHT;
                int along = across ? y : x;
                int depth = across ? x : y;
                int size = across ? width : height;
                // a stroke from this edge runs to a little past the middle
                boolean near = side == LEFT || side == UP ? depth <= size / 2 + size / 4 : depth >= size / 2 - size / 4 - 1;
                if (along >= run.from() && along <= run.to() && near) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For a corner of one stroke across and one down: whether the pixel where their outer edges
     * meet is ink (a square corner); a rounded one leaves it blank. True for other shapes.
     */
    private static boolean corner(int[] rows, int width, List<List<Run>> edges, int[] arms) {
        int across = arms[LEFT] != NONE ? LEFT : RIGHT;
        int down = arms[UP] != NONE ? UP : DOWN;
        int count = 0;
        for (int a : arms) {
            count += a != NONE ? 1 : 0;
        }
        if (count != 2 || arms[across] == NONE || arms[down] == NONE) {
            return true;
        }
        Run h = edges.get(across).get(0);
        Run v = edges.get(down).get(0);
        // the outer corner: away from both strokes' directions
        int x = across == RIGHT ? v.from() : v.to();
        int y = down == DOWN ? h.from() : h.to();
        return ink(rows, width, x, y);
    }

    /** For a spec's messages: "U+250C ┌". */
    static String describe(int codePoint) {
        return codePoint < 0 ? "none" : String.format(Locale.ROOT, "U+%04X %s", codePoint, new String(Character.toChars(codePoint)));
    }
}
