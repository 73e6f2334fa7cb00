package io.vaxiin.dsl;

/** A {@code waitFor} or {@code waitStill} whose condition did not pass in time. */
public final class WaitTimeout extends StepFailure {

    public WaitTimeout(String message) {
        super(message);
    }
}
