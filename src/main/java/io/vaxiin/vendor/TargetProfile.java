package io.vaxiin.vendor;

import io.vaxiin.connector.ipmi.IpmiChassis;
import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.target.Target;

/** The vendor profile of an opened target: the inventory's {@code profile:}, else what its BMC says. */
public final class TargetProfile {

    private TargetProfile() {}

    /** What the target's power connector learned about the BMC (nothing without one). */
    public static Recognition.Facts facts(Target target) {
        if (target.power() instanceof RedfishClient rc) return Recognition.Facts.of(rc.facts());
        if (target.power() instanceof IpmiChassis ipmi) return new Recognition.Facts(ipmi.facts().manufacturerId(), null, null, null);
        return new Recognition.Facts(null, null, null, null);
    }

    /**
     * The profile of {@code target}: {@code named} (the inventory's) when given and known, else
     * the one its BMC's facts match.
     */
    public static Recognition of(Target target, VendorProfiles profiles, String named) {
        Recognition found = Recognition.of(profiles, facts(target));
        if (named == null) return found;
        return profiles.named(named)
                .map(p -> new Recognition(p, java.util.List.of(), "the inventory's profile: (discovery says "
                        + (found.profile() == null ? "none" : found.profile().name()) + ": " + found.why() + ")"))
                .orElse(found);
    }

    /**
     * The target's facts with the POST keys of its profile, for a run's {@code server.key('setup')}.
     * Profiles that cannot be read, or a BMC no profile matches, leave the facts as they are: a
     * script then falls back on what it knows ({@code lib/keys.groovy} does).
     *
     * @param home    Vaxiin's folder (its lib/vendors)
     * @param request how the target was named (its inventory's {@code profile:} wins)
     */
    public static io.vaxiin.dsl.ServerFacts serverFacts(Target target, java.nio.file.Path home, io.vaxiin.target.TargetRequest request) {
        try {
            VendorProfiles profiles = VendorProfiles.load(home.resolve("lib").resolve("vendors"));
            String named = null;
            if (request != null && request.name() != null) {
                java.nio.file.Path file = request.inventory() != null ? request.inventory() : java.nio.file.Path.of("inventory.yaml");
                named = io.vaxiin.inventory.Inventory.load(file).server(request.name()).map(io.vaxiin.inventory.Inventory.Server::profile).orElse(null);
            }
            Recognition r = of(target, profiles, named);
            return r.profile() == null ? target.facts() : target.facts().withKeys(r.profile().keys());
        } catch (VendorProfileException | io.vaxiin.inventory.InventoryException e) {
            return target.facts();
        }
    }
}
