package io.vaxiin.connector.ipmi;

import java.util.Arrays;

/**
 * An IPMI request or response as it travels inside a LAN session (IPMI v2.0, 13.8): the
 * responder and requester addresses, network function, sequence number, command, data and two
 * checksums. The client writes requests and reads responses; a BMC (the sandbox's) reads
 * requests with {@link #parseRequest} and answers with {@link #responseTo}.
 *
 * @param netFn      the network function of the request (a response carries {@code netFn + 1})
 * @param command    the command number
 * @param sequence   the requester's sequence number, 0–63, which matches a response to its request
 * @param completion the completion code of a response (0 is success); -1 for a request
 * @param data       the request or response data (after the completion code)
 */
public record IpmiMessage(int netFn, int command, int sequence, int completion, byte[] data) {

    /** The BMC's slave address and the remote console's software ID. */
    public static final int BMC = 0x20, CONSOLE = 0x81;

    /** The bytes of a request from the remote console to the BMC. */
    static byte[] request(int netFn, int command, int sequence, byte[] data) {
        byte[] m = new byte[7 + data.length];
        m[0] = (byte) BMC;
        m[1] = (byte) (netFn << 2);
        m[2] = checksum(m, 0, 2);
        m[3] = (byte) CONSOLE;
        m[4] = (byte) (sequence << 2);
        m[5] = (byte) command;
        System.arraycopy(data, 0, m, 6, data.length);
        m[m.length - 1] = checksum(m, 3, m.length - 1);
        return m;
    }

    /** Reads a response to this console; checks both checksums. */
    static IpmiMessage response(byte[] m) throws Rmcp.Malformed {
        if (m.length < 8) throw new Rmcp.Malformed("an IPMI response of " + m.length + " bytes (at least 8)");
        if (checksum(m, 0, 2) != m[2]) throw new Rmcp.Malformed("an IPMI response whose header checksum is wrong");
        if (checksum(m, 3, m.length - 1) != m[m.length - 1]) throw new Rmcp.Malformed("an IPMI response whose data checksum is wrong");
        int netFn = (m[1] & 0xff) >>> 2;
        if ((netFn & 1) == 0) throw new Rmcp.Malformed("an IPMI request (network function " + netFn + ") where a response was expected");
        return new IpmiMessage(netFn - 1, m[5] & 0xff, (m[4] & 0xff) >>> 2, m[6] & 0xff, Arrays.copyOfRange(m, 7, m.length - 1));
    }

    /**
     * Reads a request to a BMC; checks both checksums and that it is a request (an even network
     * function). The sequence number is the requester's, which the response must carry back.
     */
    public static IpmiMessage parseRequest(byte[] m) throws Rmcp.Malformed {
        if (m.length < 7) throw new Rmcp.Malformed("an IPMI request of " + m.length + " bytes (at least 7)");
        if (checksum(m, 0, 2) != m[2]) throw new Rmcp.Malformed("an IPMI request whose header checksum is wrong");
        if (checksum(m, 3, m.length - 1) != m[m.length - 1]) throw new Rmcp.Malformed("an IPMI request whose data checksum is wrong");
        int netFn = (m[1] & 0xff) >>> 2;
        if ((netFn & 1) != 0) throw new Rmcp.Malformed("an IPMI response (network function " + netFn + ") where a request was expected");
        return new IpmiMessage(netFn, m[5] & 0xff, (m[4] & 0xff) >>> 2, -1, Arrays.copyOfRange(m, 6, m.length - 1));
    }

    /**
     * The bytes of a BMC's response to {@code request} (as it came, already checked by
     * {@link #parseRequest}): addressed back to its requester and LUN, with its network
     * function + 1, sequence number and command, then the completion code and {@code data}.
     */
    public static byte[] responseTo(byte[] request, int completion, byte[] data) {
        byte[] m = new byte[8 + data.length];
        m[0] = request[3];
        m[1] = (byte) ((request[1] & 0xfc) + 4 | request[4] & 0x03);
        m[2] = checksum(m, 0, 2);
        m[3] = request[0];
        m[4] = (byte) (request[4] & 0xfc | request[1] & 0x03);
        m[5] = request[5];
        m[6] = (byte) completion;
        System.arraycopy(data, 0, m, 7, data.length);
        m[m.length - 1] = checksum(m, 3, m.length - 1);
        return m;
    }

    private static byte checksum(byte[] m, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) sum += m[i];
        return (byte) -sum;
    }
}
