package io.vaxiin.connector.ipmi;

import java.util.Map;

/**
 * The vendor behind an IPMI manufacturer ID (an IANA private enterprise number, from Get Device
 * ID), in the short lower-case names the rest of Vaxiin uses ("dell", "hpe", "supermicro").
 */
final class Manufacturers {

    private static final Map<Integer, String> VENDORS = Map.ofEntries(
            Map.entry(2, "ibm"), Map.entry(11, "hpe"), Map.entry(42, "oracle"), Map.entry(343, "intel"),
            Map.entry(674, "dell"), Map.entry(2011, "huawei"), Map.entry(5771, "cisco"), Map.entry(7244, "quanta"),
            Map.entry(10368, "fujitsu"), Map.entry(10876, "supermicro"), Map.entry(47488, "supermicro"),
            Map.entry(15370, "gigabyte"), Map.entry(19046, "lenovo"), Map.entry(20301, "ibm"), Map.entry(20569, "inventec"),
            Map.entry(20974, "ami"), Map.entry(37945, "inspur"), Map.entry(47196, "hpe"), Map.entry(49622, "openbmc"));

    private Manufacturers() {}

    /** "dell" for 674; {@code iana-N} for a number this table does not know. */
    static String vendor(int iana) {
        return VENDORS.getOrDefault(iana, "iana-" + iana);
    }
}
