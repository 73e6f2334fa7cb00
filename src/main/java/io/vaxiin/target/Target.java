package io.vaxiin.target;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.dsl.ServerFacts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server as a command sees it: its connectors (any may be absent), its facts, and the
 * resources to close. Made by {@link Targets#open}.
 */
public final class Target implements AutoCloseable {

    private final String name;
    private final Console console;
    private final Power power;
    private final Boot boot;
    private final Serial serial;
    private final ServerFacts facts;
    private final Map<String, String> defaultParams;
    private final String description;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    Target(String name, Console console, Power power, Boot boot, Serial serial, ServerFacts facts,
           Map<String, String> defaultParams, String description, List<AutoCloseable> resources) {
        this.name = name;
        this.console = console;
        this.power = power;
        this.boot = boot;
        this.serial = serial;
        this.facts = facts;
        this.defaultParams = Map.copyOf(defaultParams);
        this.description = description;
        this.resources = List.copyOf(resources);
    }

    /** The inventory name, the host of a direct URI, or "sandbox". */
    public String name() { return name; }
    /** The KVM console, or null. */
    public Console console() { return console; }
    /** Power control, or null. */
    public Power power() { return power; }
    /** The boot override, or null. */
    public Boot boot() { return boot; }
    /** The serial console, or null. */
    public Serial serial() { return serial; }
    public ServerFacts facts() { return facts; }
    /** "db-07 (console VNC at 10.0.0.9:5901, power IPMI at 10.0.0.9:623, serial SOL at 10.0.0.9:623)". */
    public String description() { return description; }

    /** Parameters: the target's defaults (the sandbox's webhook), overridden by those given. */
    public Map<String, String> params(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>(defaultParams);
        all.putAll(given);
        return Collections.unmodifiableMap(all);
    }

    /** Closes the connectors (logging out of the BMC); only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) closeAll(resources);
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // Closing is best effort: the run's result is already decided.
            }
        }
    }
}
