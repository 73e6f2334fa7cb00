package io.vaxiin.dsl;

/**
 * A script used a word wrongly at run time (a key that does not exist, a word the target cannot
 * do, a wait that did not pass). The message is a sentence for the script's author; the engine
 * adds the script's file and line.
 */
public class DslException extends RuntimeException {

    public DslException(String message) {
        super(message);
    }

    public DslException(String message, Throwable cause) {
        super(message, cause);
    }
}
