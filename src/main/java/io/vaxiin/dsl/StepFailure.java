package io.vaxiin.dsl;

/**
 * A step of a correct script that did not succeed on this server (a wait that timed out, a
 * third-party system that answered with an error): the recovery failed, exit code 1. Other
 * {@link DslException}s mean the script itself is wrong (exit code 2).
 */
public class StepFailure extends DslException {

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
