package io.vaxiin.connector.ipmi;

/**
 * What Get Device ID says about a BMC (IPMI v2.0, 20.1).
 *
 * @param manufacturerId  the IANA enterprise number of the maker
 * @param vendor          its short name ("dell", "supermicro"), or {@code iana-N} when not known
 * @param productId       the maker's product number
 * @param firmware        the BMC's firmware revision, "1.23"
 * @param ipmiVersion     "2.0"
 */
public record IpmiFacts(int manufacturerId, String vendor, int productId, String firmware, String ipmiVersion) {

    /** The model as far as IPMI tells it: "product 0x0f02" (Get Device ID has no model name). */
    public String model() {
        return String.format("product 0x%04x", productId);
    }

    static IpmiFacts of(byte[] d) {
        if (d.length < 11) throw new IllegalArgumentException("a " + d.length + "-byte Get Device ID answer (at least 11)");
        int manufacturer = (d[6] & 0xff) | (d[7] & 0xff) << 8 | (d[8] & 0x0f) << 16;
        int product = (d[9] & 0xff) | (d[10] & 0xff) << 8;
        String firmware = (d[2] & 0x7f) + "." + String.format("%02x", d[3] & 0xff);
        String ipmi = (d[4] & 0x0f) + "." + ((d[4] & 0xf0) >>> 4);
        return new IpmiFacts(manufacturer, Manufacturers.vendor(manufacturer), product, firmware, ipmi);
    }
}
