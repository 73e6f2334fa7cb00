package io.vaxiin.vendor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which profile a BMC is, from what it says about itself. Each fact the BMC gave is held against
 * each profile's {@code match}: a profile whose pattern a known fact contradicts is out; the
 * others score by what they matched (the manager's model most, since it names the BMC itself:
 * an OpenBMC in a Supermicro chassis says Vendor "Supermicro" at its root). A BMC nothing matches
 * is {@code generic-ipmi} when it answered IPMI, else none.
 *
 * @param profile    the profile chosen, or null
 * @param candidates the other profiles that scored as high (empty when the choice is clear)
 * @param why        what decided, for a person ("manager model 'iLO 5', vendor 'HPE'")
 */
public record Recognition(VendorProfile profile, List<VendorProfile> candidates, String why) {

    /**
     * What a BMC said; any may be null.
     *
     * @param ipmiManufacturer IPMI Get Device ID's IANA number
     * @param redfishVendor    the service root's Vendor or Oem key, else the system's Manufacturer
     * @param managerModel     the Manager's Model
     * @param firmware         the Manager's FirmwareVersion
     */
    public record Facts(Integer ipmiManufacturer, String redfishVendor, String managerModel, String firmware) {
        /** What a Redfish service said (the system's Manufacturer as the vendor). */
        public static Facts of(io.vaxiin.connector.redfish.RedfishFacts f) {
            return new Facts(null, f.manufacturer(), f.managerModel(), f.firmwareVersion());
        }
    }

    public Recognition {
        candidates = List.copyOf(candidates);
    }

    public static Recognition of(VendorProfiles profiles, Facts facts) {
        record Scored(VendorProfile profile, int score, String why) {}
        List<Scored> scored = new ArrayList<>();
        for (VendorProfile p : profiles.all()) {
            VendorProfile.Match m = p.match();
            int score = 0;
            List<String> why = new ArrayList<>();
            boolean out = false;
            if (m.managerModel() != null && facts.managerModel() != null) {
                if (find(m.managerModel(), facts.managerModel())) { score += 4; why.add("manager model '" + facts.managerModel() + "'"); } else out = true;
            }
            if (m.firmware() != null && facts.firmware() != null) {
                if (find(m.firmware(), facts.firmware())) { score += 1; why.add("firmware '" + facts.firmware() + "'"); } else out = true;
            }
            if (m.redfishVendor() != null && facts.redfishVendor() != null) {
                if (find(m.redfishVendor(), facts.redfishVendor())) { score += 2; why.add("vendor '" + facts.redfishVendor() + "'"); }
                else if (m.managerModel() == null || facts.managerModel() == null) out = true;
            }
            if (!m.ipmiManufacturer().isEmpty() && facts.ipmiManufacturer() != null) {
                if (m.ipmiManufacturer().contains(facts.ipmiManufacturer())) { score += 2; why.add("IPMI manufacturer " + facts.ipmiManufacturer()); } else out = true;
            }
            if (!out && score > 0) scored.add(new Scored(p, score, String.join(", ", why)));
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed());
        if (scored.isEmpty()) {
            VendorProfile generic = facts.ipmiManufacturer() != null ? profiles.named("generic-ipmi").orElse(null) : null;
            return new Recognition(generic, List.of(), generic == null ? "no profile matches what the BMC said"
                    : "no profile matches IPMI manufacturer " + facts.ipmiManufacturer() + ": a plain IPMI BMC");
        }
        int top = scored.get(0).score();
        List<VendorProfile> ties = scored.stream().skip(1).filter(s -> s.score() == top).map(Scored::profile).toList();
        return new Recognition(scored.get(0).profile(), ties, scored.get(0).why());
    }

    private static boolean find(Pattern p, String text) {
        return p.matcher(text).find();
    }
}
