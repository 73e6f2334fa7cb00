package io.vaxiin.dsl;

/**
 * Thrown by {@code done} and {@code fail} to end a recovery from wherever the script is (a step,
 * a rule's action, a helper). The engine catches it; it is not an error of the script. An
 * {@link Error}, so a script's {@code catch (Exception e)} cannot swallow the end of its recovery.
 */
public final class RecoveryEnd extends Error {

    private final boolean recovered;

    public RecoveryEnd(boolean recovered, String reason) {
        super(reason);
        this.recovered = recovered;
    }

    /** True for {@code done}, false for {@code fail}. */
    public boolean recovered() { return recovered; }

    public String reason() { return getMessage(); }
}
