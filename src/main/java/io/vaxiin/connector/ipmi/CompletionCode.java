package io.vaxiin.connector.ipmi;

/** What an IPMI completion code means, as a person reads it (IPMI v2.0, table 5-2). */
final class CompletionCode {

    private CompletionCode() {}

    /** Code 0xC0: the BMC is busy; the request may be sent again. */
    static final int NODE_BUSY = 0xc0;

    /** "0xd4 (insufficient privilege)". */
    static String describe(int cc) {
        String what = switch (cc) {
            case 0x00 -> "success";
            case 0xc0 -> "the BMC is busy";
            case 0xc1 -> "invalid command";
            case 0xc2 -> "invalid command for this LUN";
            case 0xc3 -> "the BMC timed out processing it";
            case 0xc4 -> "out of space";
            case 0xc5 -> "reservation cancelled";
            case 0xc6 -> "request data truncated";
            case 0xc7 -> "request data length invalid";
            case 0xc8 -> "request data too long";
            case 0xc9 -> "parameter out of range";
            case 0xca -> "cannot return that many bytes";
            case 0xcb -> "requested sensor, data or record not present";
            case 0xcc -> "invalid data field in the request";
            case 0xcd -> "command illegal for this sensor or record type";
            case 0xce -> "the BMC cannot respond now";
            case 0xcf -> "duplicated request";
            case 0xd0 -> "SDR repository in update mode";
            case 0xd1 -> "firmware in update mode";
            case 0xd2 -> "BMC initialisation in progress";
            case 0xd3 -> "destination unavailable";
            case 0xd4 -> "insufficient privilege";
            case 0xd5 -> "not supported in the present state";
            case 0xd6 -> "the sub-function is disabled or unavailable";
            case 0xff -> "unspecified error";
            default -> cc >= 0x80 && cc <= 0xbe ? "a command-specific error" : "an unknown completion code";
        };
        return String.format("0x%02x (%s)", cc, what);
    }
}
