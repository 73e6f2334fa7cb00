package io.vaxiin.engine;

import java.util.List;
import java.util.stream.Collectors;

/** All the errors found in a script (and the libraries it uses) at once. */
public final class ScriptErrors extends Exception {

    private final List<ScriptError> errors;

    public ScriptErrors(List<ScriptError> errors, Throwable cause) {
        super(errors.stream().map(ScriptError::toString).collect(Collectors.joining("\n")), cause);
        this.errors = List.copyOf(errors);
    }

    public List<ScriptError> errors() {
        return errors;
    }
}
