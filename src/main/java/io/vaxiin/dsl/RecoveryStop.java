package io.vaxiin.dsl;

/**
 * Stops a running script from wherever it is when the recovery's timeout passes or the run is
 * interrupted (Ctrl-C). An {@link Error}, like {@link RecoveryEnd}, so a script's
 * {@code catch (Exception e)} cannot swallow it and keep a recovery going past its timeout.
 */
public final class RecoveryStop extends Error {

    public RecoveryStop(String message) {
        super(message);
    }
}
