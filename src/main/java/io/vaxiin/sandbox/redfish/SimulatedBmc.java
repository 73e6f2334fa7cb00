package io.vaxiin.sandbox.redfish;

import java.util.List;

/**
 * The machine behind the sandbox's Redfish service: what its BMC reports and does. The sandbox's
 * simulated server implements it; {@link RedfishService} turns Redfish requests into these calls.
 * Values are the Redfish names ({@code "ForceOff"}, {@code "Pxe"}, {@code "Once"}), so the service
 * passes them through unchanged and an implementation can simulate a BMC's quirks.
 *
 * <p>Implementations must be thread-safe: the service calls them from its request threads.
 */
public interface SimulatedBmc {

    /** A ComputerSystem's PowerState. */
    enum PowerState {
        ON("On"), OFF("Off"), POWERING_ON("PoweringOn"), POWERING_OFF("PoweringOff");

        private final String redfish;

        PowerState(String redfish) { this.redfish = redfish; }

        /** The Redfish name: "On", "Off", "PoweringOn", "PoweringOff". */
        public String redfish() { return redfish; }
    }

    /**
     * A boot-source override as Redfish writes it.
     *
     * @param target  {@code BootSourceOverrideTarget}: "None", "Pxe", "Hdd", "Cd", "BiosSetup", …
     * @param enabled {@code BootSourceOverrideEnabled}: "Disabled", "Once" or "Continuous"
     */
    record BootSetting(String target, String enabled) {
        public static final BootSetting NONE = new BootSetting("None", "Disabled");
    }

    /** The power state now. */
    PowerState power();

    /** The ResetType values the BMC allows; the service refuses any other with HTTP 400. */
    default List<String> resetTypes() {
        return List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PowerCycle", "Nmi");
    }

    /** Carries out a reset; called only with one of {@link #resetTypes()}. */
    void reset(String resetType);

    /** The boot-source override now. */
    BootSetting boot();

    /** The BootSourceOverrideTarget values the BMC allows; the service refuses any other with HTTP 400. */
    default List<String> bootTargets() {
        return List.of("None", "Pxe", "Hdd", "Cd", "BiosSetup");
    }

    /** Sets the override; called only with an allowed target and Disabled, Once or Continuous. */
    void setBoot(BootSetting setting);

    /** The system's Manufacturer. */
    default String manufacturer() { return "Vaxiin"; }

    /** The system's Model. */
    String model();

    /** The system's SerialNumber. */
    default String serialNumber() { return "VAXIIN-SANDBOX-1"; }

    /** The Manager's Model (the BMC). */
    default String managerModel() { return "Vaxiin Sandbox BMC"; }

    /** The Manager's FirmwareVersion. */
    default String firmwareVersion() { return "1.0.0"; }

    /** IPMI Get Device ID's manufacturer: 32473, IANA's number for documentation (RFC 5612), unless posing as a vendor. */
    default int ipmiManufacturer() { return Pose.DOCUMENTATION_IANA; }
}
