package io.vaxiin.dsl;

/**
 * What a script knows of its target through {@code server}.
 *
 * @param name   the inventory name, or the console's address for a direct URI
 * @param vendor "dell", "hpe", "supermicro", "openbmc", ... or "unknown"
 * @param model  the model as the BMC reports it, or "unknown"
 */
public record ServerFacts(String name, String vendor, String model, java.util.Map<String, String> keys) {

    /**
     * @param keys the POST keys of the server's vendor profile ({@code setup}, {@code bootMenu},
     *             {@code pxe}); empty when no profile is known
     */
    public ServerFacts {
        keys = java.util.Map.copyOf(keys);
    }

    public ServerFacts(String name, String vendor, String model) {
        this(name, vendor, model, java.util.Map.of());
    }

    /** The same server with its vendor profile's POST keys. */
    public ServerFacts withKeys(java.util.Map<String, String> profileKeys) {
        return new ServerFacts(name, vendor, model, profileKeys);
    }

    public String getName() { return name; }
    public String getVendor() { return vendor; }
    public String getModel() { return model; }
}
