package io.vaxiin.target;

import java.nio.file.Path;

/**
 * Which server a command is about, as a person named it: an inventory entry, direct URIs, or
 * neither (then the built-in sandbox). Every field may be null.
 *
 * @param name      {@code --target NAME}
 * @param inventory {@code --inventory FILE}; default {@code ./inventory.yaml}
 * @param console   {@code --console URI}
 * @param power     {@code --power URI}
 * @param serial    {@code --serial URI}
 * @param scenario  {@code --scenario NAME}, for the sandbox
 * @param vendor    {@code --vendor PROFILE}: the sandbox's BMC poses as that vendor profile's
 * @param viewer    {@code --viewer NAME|FILE}: the viewer profile of a {@code web+https://} console
 */
public record TargetRequest(String name, Path inventory, String console, String power, String serial, String scenario,
                            String vendor, String viewer) {

    /** A request without {@code --viewer}. */
    public TargetRequest(String name, Path inventory, String console, String power, String serial, String scenario, String vendor) {
        this(name, inventory, console, power, serial, scenario, vendor, null);
    }

    /** A request without {@code --vendor}. */
    public TargetRequest(String name, Path inventory, String console, String power, String serial, String scenario) {
        this(name, inventory, console, power, serial, scenario, null);
    }

    /** True when nothing names a real target, so the sandbox serves. */
    public boolean sandbox() {
        return name == null && console == null && power == null && serial == null
                || console != null && console.startsWith("sandbox:");
    }
}
