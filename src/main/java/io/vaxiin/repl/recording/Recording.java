package io.vaxiin.repl.recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was recorded in {@code vaxiin repl} between {@code :record} and {@code :save}, in the
 * order it was done. The REPL adds a step for each thing the person does and removes the last
 * one on {@code :undo}; {@link ScriptWriter} turns the whole into a script.
 *
 * <p>Mutable and not thread-safe: one REPL thread owns it.
 */
public final class Recording {

    private final String where;
    private final Instant started;
    private final List<Step> steps = new ArrayList<>();

    /**
     * A recording with no steps yet.
     *
     * @param where   a secret-free description of the target, such as {@code vnc://127.0.0.1:5901}
     *                or {@code inventory server web-01}; it goes into the script's header
     * @param started when {@code :record} was typed
     */
    public Recording(String where, Instant started) {
        this.where = Objects.requireNonNull(where, "where");
        this.started = Objects.requireNonNull(started, "started");
    }

    /** Adds a step after the others. */
    public void add(Step step) {
        steps.add(Objects.requireNonNull(step, "step"));
    }

    /** Removes the last step and returns it; empty when there is none. */
    public Optional<Step> undo() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.remove(steps.size() - 1));
    }

    /** The steps in the order they were done; an unmodifiable view that follows later changes. */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The target's secret-free description, as given. */
    public String where() {
        return where;
    }

    /** When the recording started. */
    public Instant started() {
        return started;
    }

    /** True when nothing was recorded (yet, or after undoing everything). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
