package io.vaxiin.vision;

import org.opencv.core.Core;

/**
 * OpenCV's natives, loaded once per process on first use (a native library cannot be loaded
 * twice, so this is the one process-wide fact here); a failure is kept and reported each time.
 */
final class OpenCv {
    private static final Throwable FAILURE = tryLoad();

    private OpenCv() {}

    private static Throwable tryLoad() {
        try {
            nu.pattern.OpenCV.loadLocally();
            Core.getVersionString(); // proves the library answers, not just that a file was found
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, or the loader's own exceptions
            return e;
        }
    }

    /** Loads OpenCV if it is not loaded yet; throws with a sentence if it cannot be. */
    static void load() {
        if (FAILURE != null) throw new IllegalStateException(unavailable(FAILURE), FAILURE);
    }

    static String unavailable(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        // The exception's name says what failed (NoSuchFileException, UnsatisfiedLinkError); its
        // message alone is often just a path.
        String why = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return "image matching needs OpenCV's native library (org.openpnp:opencv 4.9.0-0 on the class path), which did not load on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + why.lines().findFirst().orElse(why);
    }
}
