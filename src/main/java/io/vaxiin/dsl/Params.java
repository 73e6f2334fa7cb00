package io.vaxiin.dsl;

import groovy.lang.GroovyObjectSupport;

import java.util.Map;
import java.util.TreeMap;

/**
 * The run's parameters, given as {@code --param key=value}; a script reads them as
 * {@code params.key}. Reading a parameter that was not given is an error that names it, not a
 * silent null.
 */
public final class Params extends GroovyObjectSupport {

    private final Map<String, String> values;

    public Params(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    @Override
    public Object getProperty(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new DslException("the parameter '" + name + "' was not given (run with --param " + name + "=VALUE)"
                    + (values.isEmpty() ? "" : "; given: " + String.join(", ", values.keySet())));
        }
        return value;
    }

    @Override
    public void setProperty(String name, Object value) {
        throw new DslException("params are read-only; give '" + name + "' with --param " + name + "=VALUE");
    }

    /** The value of {@code name}, or {@code fallback} when it was not given. */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** True when {@code name} was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
