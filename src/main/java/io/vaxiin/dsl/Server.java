package io.vaxiin.dsl;

import java.util.List;

/**
 * What a script knows of its target through {@code server}: {@code server.name},
 * {@code server.vendor}, {@code server.model}, and which consoles it has,
 * {@code 'serial' in server.consoles}.
 */
public final class Server {

    private final ServerFacts facts;
    private final List<String> consoles;

    Server(ServerFacts facts, boolean kvm, boolean serial) {
        this.facts = facts;
        this.consoles = kvm && serial ? List.of("kvm", "serial") : kvm ? List.of("kvm") : serial ? List.of("serial") : List.of();
    }

    /** The inventory name, or the host of a direct URI. */
    public String getName() { return facts.name(); }

    /** "dell", "hpe", "supermicro", "openbmc", … or "unknown". */
    public String getVendor() { return facts.vendor(); }

    /** The model as the BMC reports it, or "unknown". */
    public String getModel() { return facts.model(); }

    /**
     * The POST key its vendor profile gives for {@code what}: {@code 'setup'}, {@code 'bootMenu'}
     * or {@code 'pxe'} ({@code press server.key('setup')}); null when no profile says.
     */
    public String key(String what) { return facts.keys().get(what); }

    /** The consoles the target has: "kvm" (a screen: {@code screen}), "serial" ({@code serial}). */
    public List<String> getConsoles() { return consoles; }

    @Override
    public String toString() { return facts.name(); }
}
