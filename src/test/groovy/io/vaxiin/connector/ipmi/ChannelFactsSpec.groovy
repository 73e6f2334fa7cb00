package io.vaxiin.connector.ipmi

import spock.lang.Specification

/** Get Channel Authentication Capabilities' answer in words (IPMI 2.0, table 22-15). */
class ChannelFactsSpec extends Specification {

    def "each bit of the answer is told: channel, RMCP+ and v1.5, anonymous and null user names, the BMC key, an OEM"() {
        expect:
        Handshake.channelFacts(bytes as byte[]) == facts

        where:
        bytes                                       || facts
        [0x01, 0x80, 0x04, 0x02, 0, 0, 0, 0]        || [ipmiChannel: '1', ipmiLan: '2.0 (RMCP+)', anonymousLogin: 'disabled', nullUserNames: 'disabled', kg: 'not set']
        [0x0e, 0x97, 0x23, 0x03, 0xa2, 0x02, 0, 0]  || [ipmiChannel: '14', ipmiLan: '2.0 (RMCP+), 1.5', anonymousLogin: 'enabled', nullUserNames: 'enabled',
                                                        kg: 'set (a BMC key is needed besides the password)', authOem: '674']
    }
}
