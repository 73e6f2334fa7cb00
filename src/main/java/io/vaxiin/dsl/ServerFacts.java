package io.vaxiin.dsl;

/**
 * What a script knows of its target through {@code server}.
 *
 * @param name   the inventory name, or the console's address for a direct URI
 * @param vendor "dell", "hpe", "supermicro", "openbmc", ... or "unknown"
 * @param model  the model as the BMC reports it, or "unknown"
 */
public record ServerFacts(String name, String vendor, String model) {

    public String getName() { return name; }
    public String getVendor() { return vendor; }
    public String getModel() { return model; }
}
