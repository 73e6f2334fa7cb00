package io.vaxiin.vision;

import java.util.HashMap;
import java.util.Map;

/**
 * What a console's learner knows of one shape: OCR's votes per character, whether its geometry
 * settled it or a font the learner was seeded with names it, and the characters it stands beside.
 */
final class KnownShape {
    final Map<Integer, Integer> votes = new HashMap<>();
    int geometric = -1;
    /** For a shade, what its geometry alone says it is (before the font's shades were told relative to each other), or -1. */
    int shadeAlone = -1;
    /** The character a font this learner was seeded with gives the shape, or -1: settled, but still context for OCR. */
    int given = -1;
    /** Cells of the shape seen beside a digit 1-9, and beside a letter (another shape's): lower case, upper case. */
    int besideDigit;
    int besideLetter;
    int besideLower;
    int besideUpper;

    /** Whether its character is fixed, by its geometry or by a font the learner was seeded with: votes do not move it. */
    boolean fixed() {
        return geometric >= 0 || given >= 0;
    }

    int best() {
        if (geometric >= 0) {
            return geometric;
        }
        if (given >= 0) {
            return given;
        }
        int best = -1;
        int most = 0;
        for (Map.Entry<Integer, Integer> e : votes.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** Whether it needs no more reading: its geometry said, or two readings agree (one, for a shape seen once). */
    boolean settled(int seen) {
        int best = best();
        if (fixed()) {
            return true;
        }
        if (best < 0) {
            return false;
        }
        return votes.get(best) >= (seen > 1 || FontLearner.CONFUSABLE.indexOf(best) >= 0 ? 2 : 1);
    }
}
