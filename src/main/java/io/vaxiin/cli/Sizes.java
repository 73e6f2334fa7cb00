package io.vaxiin.cli;

/** Sizes as a person reads them: "812 bytes", "41 KB", "3.2 MB". */
final class Sizes {
    private Sizes() {}

    static String describe(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return Math.round(bytes / 1024.0) + " KB";
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
