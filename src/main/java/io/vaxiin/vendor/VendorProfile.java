package io.vaxiin.vendor;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What differs between kinds of BMC, as a file in {@code lib/vendors/} says it (the keys are
 * documented in that folder's README.md).
 *
 * @param name        the profile's name ("dell-idrac9")
 * @param vendor      what scripts see as {@code server.vendor} ("dell")
 * @param title       for people ("Dell iDRAC 9")
 * @param match       how to recognise it
 * @param redfish     its Redfish habits
 * @param consoles    the console paths it offers, in the order to try
 * @param keys        its POST keys: setup, bootMenu, pxe
 * @param defaultUser its factory-default user name
 * @param watching    how watch mode treats BMCs of this kind
 */
public record VendorProfile(String name, String vendor, String title, Match match, Redfish redfish, List<ConsolePath> consoles,
                            Map<String, String> keys, String defaultUser, Watching watching) {

    public VendorProfile {
        consoles = List.copyOf(consoles);
        keys = Map.copyOf(keys);
    }

    /**
     * How watch mode treats BMCs of this kind ({@code watch:} in the file).
     *
     * @param maxRecoveries how many of them one watch process recovers at once; 0 leaves it to {@code --max-parallel}
     * @param poll          true when its console is opened for each look and closed after it (a BMC with few console
     *                      sessions, or only a screenshot API), instead of kept open between looks
     */
    public record Watching(int maxRecoveries, boolean poll) {
        /** No limit of its own, the console kept open. */
        public static final Watching DEFAULT = new Watching(0, false);
    }

    /**
     * How a BMC shows it is of this kind; each part absent (null, empty) is not looked at.
     *
     * @param ipmiManufacturer IANA numbers of IPMI's Get Device ID
     * @param redfishVendor    the service root's Vendor (or Oem key) or the system's Manufacturer
     * @param managerModel     the Manager's Model
     * @param firmware         the Manager's FirmwareVersion
     */
    public record Match(List<Integer> ipmiManufacturer, Pattern redfishVendor, Pattern managerModel, Pattern firmware) {
        public Match {
            ipmiManufacturer = List.copyOf(ipmiManufacturer);
        }
    }

    /**
     * @param auth             {@code session} or {@code basic}
     * @param resetTypes       the ResetType values to expect when the BMC does not list them
     * @param bootOverrideMode {@code send} or {@code omit}
     * @param etag             true when a PATCH needs If-Match
     */
    public record Redfish(String auth, List<String> resetTypes, String bootOverrideMode, boolean etag) {
        public Redfish {
            resetTypes = List.copyOf(resetTypes);
        }
    }

    /**
     * One way to the console: {@code kind} is vnc, websocket, screenshot, ssh or sol; {@code settings}
     * its settings as written (port, path, api, interval, command, escape, note).
     */
    public record ConsolePath(String kind, Map<String, String> settings) {
        public ConsolePath {
            settings = Map.copyOf(settings);
        }

        /** "vnc (port 5901)", "ssh (connect com2)", for a table. */
        public String describe() {
            String detail = settings.containsKey("command") ? settings.get("command")
                    : settings.containsKey("path") ? settings.get("path")
                    : settings.containsKey("api") ? settings.get("api")
                    : settings.containsKey("port") ? "port " + settings.get("port") : null;
            return detail == null ? kind : kind + " (" + detail + ")";
        }
    }
}
