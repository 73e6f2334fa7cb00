package io.vaxiin.vision;

import java.util.List;

/**
 * The console's own text area within the grid of cells found on a frame. A firmware console
 * (EDK2's GraphicsConsole, and the setup pages and shells built on it) draws a text mode smaller
 * than its framebuffer centred in it: 80×25 cells of 8×19 in a 1024×768 frame start at pixel
 * (192, 146), with blank margins the grid search sees as more blank cells around the text. The
 * console's rows and columns are those of its mode, so a script's {@code (?m)^Shell>} and
 * {@code screen.region} need that mode's cells, not the frame's.
 *
 * <p>The margins are blank, so what is drawn alone cannot tell a mode from a blank part of the
 * frame. The area is taken to be a usual text mode only when all of these hold: the mode is
 * smaller than the grid, centred in the frame as GraphicsConsole centres it, on the grid's
 * cells, holding everything drawn, with the first drawn row its first (a console writes from its
 * top). Of such modes the smallest; else the whole grid. A screen of text that only happens to
 * sit in the middle of a frame keeps the frame's grid unless its first row and every other lies
 * exactly where a centred mode would put them.
 */
final class TextAreas {

    /** Text modes (columns, rows) consoles draw centred in a larger frame: EDK2's 80×25 and 80×50, and the modes of 800×600, 1024×768 and 1280×1024 in its 8×19 cells. */
    static final int[][] MODES = {{80, 25}, {80, 50}, {100, 31}, {128, 40}, {160, 53}};

    /** A rectangle of a grid's cells. */
    record Cells(int col, int row, int cols, int rows) {
    }

    private TextAreas() {
    }

    /** The cells of {@code grid} that are the console's text area, given the grid's lines (row 0 first, trailing blanks cut). */
    static Cells of(GridTextReader.Grid grid, List<String> lines) {
        Cells all = new Cells(0, 0, grid.cols(), grid.rows());
        int top = -1;
        int bottom = -1;
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int r = 0; r < lines.size(); r++) {
            String line = lines.get(r);
            int first = firstInk(line);
            if (first < 0) {
                continue;
            }
            if (top < 0) {
                top = r;
            }
            bottom = r;
            left = Math.min(left, first);
            right = Math.max(right, line.length() - 1);
        }
        if (top < 0) {
            return all;
        }
        int cw = grid.cellWidth();
        int ch = grid.cellHeight();
        Cells best = null;
        for (int[] mode : MODES) {
            int cols = mode[0];
            int rows = mode[1];
            if (cols > grid.cols() || rows > grid.rows() || cols == grid.cols() && rows == grid.rows()) {
                continue;
            }
            int x0 = (grid.nativeWidth() - cols * cw) >> 1;
            int y0 = (grid.nativeHeight() - rows * ch) >> 1;
            int dx = x0 - grid.originX();
            int dy = y0 - grid.originY();
            if (dx < 0 || dy < 0 || dx % cw != 0 || dy % ch != 0) {
                continue;
            }
            Cells area = new Cells(dx / cw, dy / ch, cols, rows);
            if (area.col + cols > grid.cols() || area.row + rows > grid.rows()) {
                continue;
            }
            boolean holds = top == area.row && bottom < area.row + rows && left >= area.col && right < area.col + cols;
            if (holds && (best == null || cols * rows < best.cols * best.rows)) {
                best = area;
            }
        }
        return best == null ? all : best;
    }

    /** The index of a line's first character that is not a blank, or -1. */
    private static int firstInk(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) != ' ') {
                return i;
            }
        }
        return -1;
    }

    /** The lines of {@code area}, cut from the grid's lines (trailing blanks cut again). */
    static List<String> cut(List<String> lines, Cells area) {
        if (area.col == 0 && area.row == 0 && area.rows == lines.size()) {
            return lines;
        }
        List<String> out = new java.util.ArrayList<>(area.rows);
        for (int r = area.row; r < area.row + area.rows; r++) {
            String line = r < lines.size() ? lines.get(r) : "";
            String part = area.col >= line.length() ? "" : line.substring(area.col, Math.min(line.length(), area.col + area.cols));
            int end = part.length();
            while (end > 0 && part.charAt(end - 1) == ' ') {
                end--;
            }
            out.add(part.substring(0, end));
        }
        return out;
    }
}
