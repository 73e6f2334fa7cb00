package io.vaxiin.engine;

import io.vaxiin.dsl.RecoveryScript;

import java.nio.file.Path;

/**
 * A script that compiled and passed the checks, ready to run any number of times.
 *
 * @param name the file name shown in messages ("fsck.groovy")
 * @param dir  the folder the script came from (needles and libraries are found from here)
 * @param type the compiled class
 * @param timeout the timeout its {@code recovery 'x', timeout: D} line gives as a literal, or null
 * @param ruleActs whether each of its own rules acts ({@link io.vaxiin.dsl.Rule#acts()}), in order
 */
public record CompiledScript(String name, Path dir, Class<? extends RecoveryScript> type, java.time.Duration timeout,
                             java.util.List<Boolean> ruleActs) {

    /**
     * True when no rule of the script itself acts ({@link io.vaxiin.dsl.Rule#acts()}): watch
     * mode never runs it, since a script applies by a rule that acts holding on the screen.
     */
    public boolean neverApplies() {
        return !ruleActs.contains(Boolean.TRUE);
    }

    /** A fresh instance, not yet bound to a run. */
    public RecoveryScript instantiate() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + name, e);
        }
    }
}
