package io.vaxiin.target;

/**
 * The target is named wrong: a bad URI, an inventory entry that does not exist or does not
 * parse, options that do not go together. Nothing was connected; the command line or the
 * inventory has to change (exit code 2).
 */
public class TargetException extends RuntimeException {

    public TargetException(String message) {
        super(message);
    }
}
