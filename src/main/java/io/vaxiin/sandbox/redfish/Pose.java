package io.vaxiin.sandbox.redfish;

import io.vaxiin.vendor.VendorProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which BMC the sandbox's Redfish service poses as: the resource ids, the identity the service
 * root, the ComputerSystem and the Manager state, the {@code ResetType} list as that BMC writes it,
 * and its quirks. The machine behind it is the same simulated PC whatever the pose: only the BMC's
 * answers change.
 *
 * <p>Where the shapes come from: for {@code dell-idrac9}, {@code hpe-ilo5}, {@code hpe-ilo6},
 * {@code supermicro} and {@code openbmc}, the vendors' real payloads in
 * {@code shared/fixtures/redfish/} (read by hand; the values here are copied from them and
 * {@code VendorPoseSpec} compares them with the files); for {@code dell-idrac8}, {@code hpe-ilo4}
 * and {@code lenovo-xcc}, which have no payload here, the family's shapes with the identity and
 * reset types their profile states (marked "from the profile" below: not checked against a BMC).
 * The quirks come from the profile's {@code redfish:} keys, each simulated as
 * {@link RedfishService} describes.
 *
 * @param profile        the profile's name, or null for the sandbox as itself
 * @param redfish        false for a BMC with no Redfish service at all ({@code generic-ipmi}): every request is 404
 * @param systemId       the ComputerSystem's Id ({@code System.Embedded.1}, {@code 1}, {@code system})
 * @param managerId      the Manager's Id ({@code iDRAC.Embedded.1}, {@code 1}, {@code bmc})
 * @param root           the service root's own properties ({@code @odata.type}, Name, RedfishVersion, Vendor, Product, Oem, …)
 * @param system         the ComputerSystem's identity ({@code @odata.type}, Name, Manufacturer, Model; no key, not served)
 * @param manager        the Manager's identity ({@code @odata.type}, Name, Model, FirmwareVersion)
 * @param resetTypes     {@code ResetType} values as the BMC writes them (Supermicro glues two into one)
 * @param resetInline    the values are in {@code ResetType@Redfish.AllowableValues} on the action
 * @param resetInfo      an {@code @Redfish.ActionInfo} resource lists them (OpenBMC has only that)
 * @param bootTargets    {@code BootSourceOverrideTarget@Redfish.AllowableValues}
 * @param bootModes      {@code BootSourceOverrideMode@Redfish.AllowableValues}, or null when the BMC lists none
 * @param modeQuirk      what a PATCH's {@code BootSourceOverrideMode} does
 * @param sessionOnly    HTTP Basic is refused: only a Redfish session (X-Auth-Token) works
 * @param etag           the ComputerSystem carries an ETag (header and {@code @odata.etag})
 * @param ifMatch        a PATCH without {@code If-Match} is refused (428), one with a stale ETag too (412)
 * @param errors         the layout of its error bodies
 * @param ipmiManufacturer Get Device ID's IANA number
 */
public record Pose(String profile, boolean redfish, String systemId, String managerId, Map<String, Object> root,
                   Map<String, Object> system, Map<String, Object> manager, List<String> resetTypes, boolean resetInline,
                   boolean resetInfo, List<String> bootTargets, List<String> bootModes, ModeQuirk modeQuirk, boolean sessionOnly,
                   boolean etag, boolean ifMatch, ErrorStyle errors, int ipmiManufacturer) {

    /** What a PATCH's {@code BootSourceOverrideMode} does on this BMC. */
    public enum ModeQuirk {
        /** Accepted when sent, the mode kept when not (the sandbox as itself). */
        EITHER,
        /**
         * Wanted: a boot override PATCHed without it falls back to Legacy mode. Supermicro firmware
         * is reported to do this (ironcore-dev/metal-operator#607 sets UEFI explicitly for it).
         */
        SEND,
        /** Rejected: read-only here, a PATCH naming it is refused with 400 (metal-operator#608, #985). */
        OMIT
    }

    /** The layout of a BMC's error bodies. */
    public enum ErrorStyle {
        /** DMTF's: {@code code}, {@code message}, each message with Message, MessageSeverity, Resolution. */
        BASE,
        /** iDRAC's: Message, MessageArgs, MessageId, RelatedProperties, Resolution, Severity (fixtures {@code _errors/dell-*}). */
        DELL,
        /** iLO's: {@code code iLO.0.10.ExtendedInfo}, messages with only MessageId and MessageArgs (fixtures {@code _errors/hpe-ilo5-*}). */
        HPE
    }

    public Pose {
        root = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(root));
        system = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(system));
        manager = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(manager));
        resetTypes = List.copyOf(resetTypes);
        bootTargets = List.copyOf(bootTargets);
        bootModes = bootModes == null ? null : List.copyOf(bootModes);
    }

    /** IANA's enterprise number for documentation (RFC 5612): the sandbox as itself. */
    public static final int DOCUMENTATION_IANA = 32473;

    private static final List<String> SANDBOX_RESETS = List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart",
            "ForceRestart", "PowerCycle", "Nmi");

    /** The sandbox as itself: a small, honest Redfish service that calls itself Vaxiin. */
    public static Pose sandbox() {
        return new Pose(null, true, "1", "1",
                map("@odata.type", "#ServiceRoot.v1_11_0.ServiceRoot", "Id", "RootService", "Name", "Root Service",
                        "RedfishVersion", "1.15.0", "Vendor", "Vaxiin", "Product", "Vaxiin sandbox"),
                map("@odata.type", "#ComputerSystem.v1_20_0.ComputerSystem", "Name", "Sandbox System"),
                map("@odata.type", "#Manager.v1_14_0.Manager", "Name", "Sandbox BMC"),
                SANDBOX_RESETS, true, true, List.of("None", "Pxe", "Hdd", "Cd", "BiosSetup"), null, ModeQuirk.EITHER,
                false, true, false, ErrorStyle.BASE, DOCUMENTATION_IANA);
    }

    /** Whether the sandbox has a pose for this profile's BMC from a vendor's payloads, or makes one from the profile. */
    public static boolean fromPayloads(String profile) {
        return List.of("dell-idrac9", "hpe-ilo5", "hpe-ilo6", "supermicro", "openbmc").contains(profile);
    }

    /**
     * The pose for a vendor profile: the vendor's payload shapes where the fixtures have them,
     * else its family's shapes; the reset types and quirks as the profile states them.
     */
    public static Pose of(VendorProfile p) {
        VendorProfile.Redfish rf = p.redfish();
        ModeQuirk mode = "omit".equals(rf.bootOverrideMode()) ? ModeQuirk.OMIT : ModeQuirk.SEND;
        boolean session = !"basic".equals(rf.auth());
        int iana = p.match().ipmiManufacturer().isEmpty() ? DOCUMENTATION_IANA : p.match().ipmiManufacturer().get(0);
        List<String> resets = rf.resetTypes();
        return switch (p.name()) {
            // fixtures dell-idrac9: index.json (bmclib), Systems/System.Embedded.1 and Managers/iDRAC.Embedded.1 (buildio/idrac, an R640)
            case "dell-idrac9" -> new Pose(p.name(), true, "System.Embedded.1", "iDRAC.Embedded.1",
                    dellRoot("#ServiceRoot.v1_6_0.ServiceRoot", "1.9.0"),
                    map("@odata.type", "#ComputerSystem.v1_20_0.ComputerSystem", "Name", "System", "Manufacturer", "Dell Inc.",
                            "Model", "PowerEdge R640"),
                    map("@odata.type", "#Manager.v1_17_0.Manager", "Name", "Manager", "Model", "14G Monolithic",
                            "FirmwareVersion", "7.00.00.172"),
                    List.of("On", "ForceOff", "ForceRestart", "GracefulRestart", "GracefulShutdown", "PushPowerButton", "Nmi", "PowerCycle"),
                    true, false, List.of("None", "Pxe", "Floppy", "Cd", "Hdd", "BiosSetup", "Utilities", "UefiTarget", "SDCard", "UefiHttp"),
                    null, mode, session, rf.etag(), rf.etag(), ErrorStyle.DELL, iana);
            // no payload: Dell's shapes (the same ids on iDRAC 8, per Dell's Redfish guide); identity and resets from the profile
            case "dell-idrac8" -> new Pose(p.name(), true, "System.Embedded.1", "iDRAC.Embedded.1",
                    dellRoot("#ServiceRoot.v1_0_2.ServiceRoot", "1.0.2"),
                    map("@odata.type", "#ComputerSystem.v1_1_0.ComputerSystem", "Name", "System", "Manufacturer", "Dell Inc.",
                            "Model", "PowerEdge R630"),
                    map("@odata.type", "#Manager.v1_0_0.Manager", "Name", "Manager", "Model", "13G Monolithic",
                            "FirmwareVersion", "2.83.83.83"),
                    resets, true, false, List.of("None", "Pxe", "Floppy", "Cd", "Hdd", "BiosSetup", "Utilities", "UefiTarget", "SDCard"),
                    null, mode, session, rf.etag(), rf.etag(), ErrorStyle.DELL, iana);
            // fixtures hpe-ilo5: index.json, Systems/1, Managers/1 (HewlettPackard/ilo-redfish-emulator)
            case "hpe-ilo5" -> new Pose(p.name(), true, "1", "1",
                    hpeRoot("Hpe", "#ServiceRoot.v1_5_1.ServiceRoot", "1.20.0", "HPE", "ProLiant DL365 Gen10 Plus -- SIMULATED", "iLO 5", "3.14"),
                    map("@odata.type", "#ComputerSystem.v1_17_0.ComputerSystem", "Name", "Computer System", "Manufacturer", "HPE",
                            "Model", "ProLiant DL365 Gen10 Plus -- SIMULATED"),
                    map("@odata.type", "#Manager.v1_5_1.Manager", "Name", "Manager", "Model", "iLO 5", "FirmwareVersion", "iLO 5 v3.14"),
                    List.of("On", "ForceOff", "GracefulShutdown", "ForceRestart", "Nmi", "PushPowerButton", "GracefulRestart"),
                    true, false, HPE_TARGETS, null, mode, session, rf.etag(), rf.etag(), ErrorStyle.HPE, iana);
            // fixtures hpe-ilo5/_variants/*--ilo6-*: the Manager and System of a DL380a Gen11; the root as iLO 5's
            case "hpe-ilo6" -> new Pose(p.name(), true, "1", "1",
                    hpeRoot("Hpe", "#ServiceRoot.v1_5_1.ServiceRoot", "1.20.0", "HPE", "ProLiant DL380a Gen11 -- SIMULATED", "iLO 6", "1.66"),
                    map("@odata.type", "#ComputerSystem.v1_18_0.ComputerSystem", "Name", "Computer System", "Manufacturer", "HPE",
                            "Model", "ProLiant DL380a Gen11 -- SIMULATED"),
                    map("@odata.type", "#Manager.v1_19_1.Manager", "Name", "Manager", "Model", "iLO 6", "FirmwareVersion", "iLO 6 v1.66"),
                    List.of("On", "ForceOff", "GracefulShutdown", "ForceRestart", "Nmi", "PushPowerButton", "GracefulRestart"),
                    true, false, HPE_TARGETS, null, mode, session, rf.etag(), rf.etag(), ErrorStyle.HPE, iana);
            // no payload: HPE's shapes, with iLO 4's "Hp" OEM key and no Vendor at the root (ServiceRoot 1.0); from the profile
            case "hpe-ilo4" -> new Pose(p.name(), true, "1", "1",
                    hpeRoot("Hp", "#ServiceRoot.1.0.0.ServiceRoot", "1.0.0", null, null, "iLO 4", "2.80"),
                    map("@odata.type", "#ComputerSystem.1.0.1.ComputerSystem", "Name", "Computer System", "Manufacturer", "HP",
                            "Model", "ProLiant DL380 Gen9"),
                    map("@odata.type", "#Manager.1.0.0.Manager", "Name", "Manager", "Model", "iLO 4", "FirmwareVersion", "iLO 4 v2.80"),
                    resets, true, false, List.of("None", "Cd", "Hdd", "Usb", "Utilities", "Diags", "BiosSetup", "Pxe", "UefiShell", "UefiTarget"),
                    null, mode, session, rf.etag(), rf.etag(), ErrorStyle.HPE, iana);
            // fixtures supermicro: index.json, Systems/1, Managers/1 (buildio/supermicro, an X12); the glued ResetType as served there
            case "supermicro" -> new Pose(p.name(), true, "1", "1",
                    map("@odata.type", "#ServiceRoot.v1_14_0.ServiceRoot", "Id", "ServiceRoot", "Name", "Root Service",
                            "RedfishVersion", "1.14.0", "Vendor", "Supermicro", "Product", null,
                            "Oem", map("Supermicro", map("DumpService", map("@odata.id", "/redfish/v1/Oem/Supermicro/DumpService")))),
                    map("@odata.type", "#ComputerSystem.v1_16_0.ComputerSystem", "Name", "System", "Manufacturer", "Supermicro",
                            "Model", "SYS-510T-MR-EI018"),
                    map("@odata.type", "#Manager.v1_11_0.Manager", "Name", "Manager", "Model", "SYS-XXX-TEST", "FirmwareVersion", "01.04.08"),
                    List.of("On", "ForceOff", "GracefulShutdownGracefulRestart", "ForceRestart", "Nmi", "ForceOn"),
                    true, true, List.of("None", "Pxe", "Floppy", "Cd", "Usb", "Hdd", "BiosSetup", "UsbCd", "UefiBootNext", "UefiHttp"),
                    null, mode, session, true, rf.etag(), ErrorStyle.BASE, iana);
            // fixtures openbmc: index.json, Systems/system (+ ResetActionInfo), Managers/bmc (bmcweb): no Vendor, no Manufacturer or Model
            case "openbmc" -> new Pose(p.name(), true, "system", "bmc",
                    map("@odata.type", "#ServiceRoot.v1_15_0.ServiceRoot", "Id", "RootService", "Name", "Root Service",
                            "RedfishVersion", "1.17.0"),
                    map("@odata.type", "#ComputerSystem.v1_16_0.ComputerSystem", "Name", "system"),
                    map("@odata.type", "#Manager.v1_14_0.Manager", "Name", "OpenBmc Manager", "Model", "OpenBmc",
                            "FirmwareVersion", "2.15.0-dev-686-g100c36de90"),
                    List.of("On", "ForceOff", "ForceOn", "ForceRestart", "GracefulRestart", "GracefulShutdown", "PowerCycle", "Nmi"),
                    false, true, List.of("None", "Pxe", "Hdd", "Cd", "Diags", "BiosSetup", "Usb"), List.of("Legacy", "UEFI"),
                    mode, session, rf.etag(), rf.etag(), ErrorStyle.BASE, iana);
            // no payload: Lenovo's XCC ids are Systems/1 and Managers/1 (Lenovo's Redfish guide); identity from the profile
            case "lenovo-xcc" -> new Pose(p.name(), true, "1", "1",
                    map("@odata.type", "#ServiceRoot.v1_5_0.ServiceRoot", "Id", "RootService", "Name", "Root Service",
                            "RedfishVersion", "1.8.0", "Vendor", "Lenovo", "Product", "Lenovo XClarity Controller",
                            "Oem", map("Lenovo", map("@odata.type", "#LenovoServiceRoot.v1_0_0.LenovoServiceRootProperties"))),
                    map("@odata.type", "#ComputerSystem.v1_13_0.ComputerSystem", "Name", "ComputerSystem", "Manufacturer", "Lenovo",
                            "Model", "ThinkSystem SR650"),
                    map("@odata.type", "#Manager.v1_10_0.Manager", "Name", "Manager", "Model", "Lenovo XClarity Controller",
                            "FirmwareVersion", "TEI3A8O 8.40"),
                    resets, true, false, List.of("None", "Pxe", "Cd", "Usb", "Hdd", "BiosSetup", "Diags", "UefiTarget"),
                    null, mode, session, rf.etag(), rf.etag(), ErrorStyle.BASE, iana);
            // a plain IPMI BMC has no Redfish at all; only its IPMI answers
            case "generic-ipmi" -> withoutRedfish(sandbox(), p.name(), iana);
            // a profile of the user's own: the sandbox's shapes with the profile's resets and quirks
            default -> {
                Pose s = sandbox();
                yield new Pose(p.name(), true, s.systemId(), s.managerId(), s.root(), s.system(), s.manager(), resets, true, true,
                        s.bootTargets(), null, mode, session, rf.etag(), rf.etag(), ErrorStyle.BASE, iana);
            }
        };
    }

    /**
     * The machine as this BMC reports it: the identity and reset types of the pose, the power,
     * boot and keys of the machine. The sandbox as itself reports the machine's own.
     */
    public SimulatedBmc dress(SimulatedBmc machine) {
        if (profile == null) return machine;
        List<String> accepted = accepted(resetTypes);
        return new SimulatedBmc() {
            @Override public PowerState power() { return machine.power(); }
            @Override public List<String> resetTypes() { return accepted; }
            @Override public void reset(String resetType) { machine.reset(resetType); }
            @Override public BootSetting boot() { return machine.boot(); }
            @Override public List<String> bootTargets() { return bootTargets; }
            @Override public void setBoot(BootSetting setting) { machine.setBoot(setting); }
            @Override public String manufacturer() { return text(system.get("Manufacturer")); }
            @Override public String model() { return text(system.get("Model")); }
            @Override public String serialNumber() { return system.containsKey("Model") ? machine.serialNumber() : null; }
            @Override public String managerModel() { return text(manager.get("Model")); }
            @Override public String firmwareVersion() { return text(manager.get("FirmwareVersion")); }
            @Override public int ipmiManufacturer() { return ipmiManufacturer; }
        };
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    private static final List<String> KNOWN_RESETS = List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart",
            "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle");

    /** What the BMC carries out: the listed values, a value that glues two known ones together read as both. */
    static List<String> accepted(List<String> listed) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : listed) {
            String rest = s;
            List<String> parts = new java.util.ArrayList<>();
            boolean progress = true;
            while (!rest.isEmpty() && progress) {
                progress = false;
                for (String k : KNOWN_RESETS) {
                    if (rest.startsWith(k)) { parts.add(k); rest = rest.substring(k.length()); progress = true; break; }
                }
            }
            if (rest.isEmpty()) out.addAll(parts);
            else out.add(s);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    private static Pose withoutRedfish(Pose s, String name, int iana) {
        return new Pose(name, false, s.systemId(), s.managerId(), s.root(), s.system(), s.manager(), s.resetTypes(), true, true,
                s.bootTargets(), null, ModeQuirk.EITHER, false, false, false, ErrorStyle.BASE, iana);
    }

    // fixtures hpe-ilo5/Systems/1 and its iLO 6 variant: the same list
    private static final List<String> HPE_TARGETS = List.of("None", "Cd", "Hdd", "Usb", "SDCard", "Utilities", "Diags", "BiosSetup",
            "Pxe", "UefiShell", "UefiHttp", "UefiTarget");

    private static Map<String, Object> dellRoot(String type, String version) {
        return map("@odata.type", type, "Id", "RootService", "Name", "Root Service", "RedfishVersion", version, "Vendor", "Dell",
                "Product", "Integrated Dell Remote Access Controller",
                "Oem", map("Dell", map("@odata.type", "#DellServiceRoot.v1_0_0.DellServiceRoot", "IsBranded", 0, "ServiceTag", "VXSBX01")));
    }

    private static Map<String, Object> hpeRoot(String oemKey, String type, String version, String vendor, String product,
                                               String generation, String firmware) {
        Map<String, Object> oem = map("@odata.type", oemKey.equals("Hpe") ? "#HpeiLOServiceExt.v2_5_0.HpeiLOServiceExt"
                        : "#HpiLOServiceExt.1.0.0.HpiLOServiceExt",
                "Manager", List.of(map("ManagerType", generation, "ManagerFirmwareVersion", firmware)),
                "Moniker", map("PRODGEN", generation, "PRODNAM", "Integrated Lights-Out " + generation.substring(4), "VENDABR", "HPE"));
        Map<String, Object> root = map("@odata.type", type, "Id", "RootService", "Name", "HPE RESTful Root Service",
                "RedfishVersion", version, "Oem", map(oemKey, oem));
        if (vendor != null) root.put("Vendor", vendor);
        if (product != null) root.put("Product", product);
        return root;
    }

    /** An ordered map of key-value pairs; a null value is kept (served as JSON null, as Supermicro's Product is). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
