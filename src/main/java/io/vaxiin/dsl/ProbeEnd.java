package io.vaxiin.dsl;

/**
 * Ends a script's body in a probe session ({@link Session.Builder#probe}) at the first word that
 * would act, wait or write: the rules registered before it are what the probe wanted. An
 * {@link Error}, like {@link RecoveryEnd}, so a script's {@code catch} cannot swallow it.
 */
public final class ProbeEnd extends Error {

    private final String word;

    public ProbeEnd(String word) {
        super("the probe stops before '" + word + "'", null, false, false);
        this.word = word;
    }

    /** The word the body stopped before. */
    public String word() { return word; }
}
