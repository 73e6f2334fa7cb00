package io.vaxiin.engine;

/**
 * One error found in a script before it runs.
 *
 * @param file   the script's file name as the user gave it
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record ScriptError(String file, int line, int column, String message) {

    /** {@code fsck.groovy:7:5: message}, as compilers print it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
