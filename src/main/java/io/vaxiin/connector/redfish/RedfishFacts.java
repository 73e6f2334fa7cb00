package io.vaxiin.connector.redfish;

import java.util.List;

/**
 * What discovery found on a Redfish service. Any text field may be null when the BMC does not say.
 *
 * @param vendor           a short lower-case guess: {@code dell}, {@code hpe}, {@code supermicro},
 *                         {@code lenovo}, {@code openbmc}, … (from the service root's {@code Vendor}
 *                         and {@code Oem} keys, the system's {@code Manufacturer}, the manager's {@code Oem})
 * @param manufacturer     the ComputerSystem's {@code Manufacturer}
 * @param model            the ComputerSystem's {@code Model}
 * @param serialNumber     the ComputerSystem's {@code SerialNumber}
 * @param managerModel     the Manager's {@code Model} (the BMC: "iLO 5", "14G Monolithic", "OpenBmc")
 * @param firmwareVersion  the Manager's {@code FirmwareVersion}
 * @param redfishVersion   the service root's {@code RedfishVersion}
 * @param system           the path of the ComputerSystem this client controls
 * @param manager          the path of its Manager, or null
 * @param resetTypes       the ResetType values the BMC allows, in its order
 * @param resetTypesSource where they came from: {@code "inline"} ({@code ResetType@Redfish.AllowableValues}),
 *                         {@code "ActionInfo"}, {@code "assumed"} (neither given or readable: the
 *                         schema's standard set) or {@code "none"} (no Reset action)
 * @param bootTargets      the {@code BootSourceOverrideTarget} values the BMC allows; empty when it
 *                         does not list them
 * @param sessions         true when the client holds a Redfish session, false when it uses HTTP Basic
 */
public record RedfishFacts(
        String vendor,
        String manufacturer,
        String model,
        String serialNumber,
        String managerModel,
        String firmwareVersion,
        String redfishVersion,
        String system,
        String manager,
        List<String> resetTypes,
        String resetTypesSource,
        List<String> bootTargets,
        boolean sessions) {

    public RedfishFacts {
        resetTypes = List.copyOf(resetTypes);
        bootTargets = List.copyOf(bootTargets);
    }
}
