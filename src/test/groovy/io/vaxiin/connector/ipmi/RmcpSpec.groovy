package io.vaxiin.connector.ipmi

import spock.lang.Specification
import spock.lang.Unroll

/** Byte-exact checks of the wire codec; the session is checked against ipmi_sim elsewhere. */
class RmcpSpec extends Specification {

    static byte[] hex(String s) { s.replaceAll(/\s/, '').decodeHex() }

    static String hex(byte[] b) { b.encodeHex().toString() }

    def "an IPMI request carries both checksums: Get Device ID, sequence 1"() {
        expect:
        hex(IpmiMessage.request(0x06, 0x01, 1, new byte[0])) == '2018c88104017a'
    }

    def "a response is read with its completion code and data, and a wrong checksum is refused"() {
        given: 'Get Device ID answered: rqAddr 0x81, netFn 0x07, rsAddr 0x20, seq 1, cmd 1, cc 0, two data bytes'
        byte[] m = hex('811c63 200401 00 2309 ')
        byte[] full = ((m as List) + [(byte) -((m[3..-1] as List).sum() as int)]) as byte[]

        when:
        def r = IpmiMessage.response(full)

        then:
        r.netFn() == 0x06
        r.command() == 0x01
        r.sequence() == 1
        r.completion() == 0
        hex(r.data()) == '2309'

        when:
        full[full.length - 1] ^= 1
        IpmiMessage.response(full)

        then:
        def e = thrown(Rmcp.Malformed)
        e.message == 'an IPMI response whose data checksum is wrong'
    }

    def "an IPMI v1.5 packet before a session has no authentication and a one-byte length"() {
        expect:
        hex(Rmcp.v15(hex('2018c88104017a'))) == '0600ff07' + '00' + '00000000' + '00000000' + '07' + '2018c88104017a'
    }

    def "a signed RMCP+ packet pads the signed part to whole 32-bit words and ends with a 12-byte HMAC-SHA1-96"() {
        given:
        def keys = new SessionKeys(CipherSuite.SUITE_2, new byte[20])
        byte[] payload = hex('2018c88104017a')

        when:
        byte[] p = Rmcp.v20(Rmcp.IPMI, 0x11223344, 5, payload, keys)

        then:
        hex(p[0..15] as byte[]) == '0600ff07' + '06' + '40' + '44332211' + '05000000' + '0700'
        // signed part: 12 header bytes from the auth type + 7 payload + pad + pad length + next header
        (p.length - 4 - 12) % 4 == 0
        p[p.length - 13] == 0x07
        int pad = p[p.length - 14]
        pad == (4 - (12 + 7 + 2) % 4) % 4
        Rmcp.decode(p, p.length, keys).payload() == payload
    }

    def "an encrypted payload decrypts to what was sent, with the pad 1, 2, … the spec asks for"() {
        given:
        def keys = new SessionKeys(CipherSuite.SUITE_3, (1..20).collect { it as byte } as byte[])

        expect:
        keys.decrypt(keys.encrypt(payload)) == payload
        keys.encrypt(payload).length == 16 + ((payload.length + 1 + 15).intdiv(16)) * 16

        where:
        payload << [new byte[0], hex('2018c88104017a'), new byte[15], new byte[16], new byte[255]]
    }

    @Unroll("decode refuses #what")
    def "decoding never trusts a length"() {
        given:
        def keys = new SessionKeys(CipherSuite.SUITE_3, new byte[20])
        byte[] good = Rmcp.v20(Rmcp.IPMI, 1, 1, hex('2018c88104017a'), keys)
        byte[] d = mangle.call(good.clone())

        when:
        Rmcp.decode(d, d.length, keys)

        then:
        def e = thrown(Rmcp.Malformed)
        e.message.contains(expected)

        where:
        what                          | mangle                                                        || expected
        'a datagram shorter than RMCP' | { byte[] b -> b[0..2] as byte[] }                            || 'shorter than an RMCP header'
        'another RMCP version'        | { byte[] b -> b[0] = 5; b }                                   || 'RMCP version 0x05'
        'a payload longer than sent'  | { byte[] b -> b[14] = (byte) 0xff; b }                        || 'truncated RMCP+ payload'
        'a flipped bit'               | { byte[] b -> b[20] ^= 1; b }                                 || 'integrity check failed'
        'a cut trailer'               | { byte[] b -> b[0..(b.length - 3)] as byte[] }               || 'integrity'
        'an unsigned packet'          | { byte[] b -> b[5] = (byte) (b[5] & ~0x40); b }               || 'unsigned packet in a session that signs'
        'v1.5 with authentication'    | { byte[] b -> b[4] = 2; b }                                   || 'IPMI v1.5 with authentication'
    }

    def "manufacturer numbers name the vendors the rest of Vaxiin knows"() {
        expect:
        Manufacturers.vendor(iana) == vendor

        where:
        iana  || vendor
        674   || 'dell'
        11    || 'hpe'
        10876 || 'supermicro'
        19046 || 'lenovo'
        49622 || 'openbmc'
        4753  || 'iana-4753'
    }

    def "the IPMI URI is read with its cipher suite and privilege, and bad ones are sentences"() {
        when:
        def c = IpmiConfig.fromUri('ipmi://admin:s%40cret@10.0.0.9:6230?cipher=17&privilege=operator').build()

        then:
        c.host() == '10.0.0.9'
        c.port() == 6230
        c.username() == 'admin'
        new String(c.password()) == 's@cret'
        c.cipherSuite() == CipherSuite.SUITE_17
        c.privilege() == IpmiConfig.Privilege.OPERATOR
        IpmiConfig.fromUri('sol://10.0.0.9').build().port() == 623

        when:
        IpmiConfig.fromUri(uri)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        uri                          || message
        'ipmi://h?cipher=9'          || 'cipher suite 9 is not one this client speaks (1, 2, 3, 15, 16, 17)'
        'ipmi://h?speed=fast'        || "a ipmi:// URI does not know 'speed' (cipher=N, privilege=operator|administrator)"
        'ipmi://h/path'              || 'a ipmi:// URI has no path (/path)'
        'ipmi://'                    || 'not a valid ipmi:// URI (at character 7)'
    }
}
