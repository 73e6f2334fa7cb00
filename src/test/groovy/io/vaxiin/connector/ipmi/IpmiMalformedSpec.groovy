package io.vaxiin.connector.ipmi

import io.vaxiin.connector.ConnectorException
import io.vaxiin.fuzz.Oracle
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

/**
 * The IPMI client against BMCs that send garbage: random datagrams from a UDP server of the
 * test's own, and a real BMC's answers truncated, flipped, duplicated or dropped by a proxy.
 * Each must end in a clean ConnectorException with one line naming the BMC, in bounded time;
 * never a hang, never another exception.
 */
class IpmiMalformedSpec extends Specification {

    @Shared @AutoCleanup IpmiRig bmc = IpmiRig.chassis()

    private static IpmiConfig config(int port) {
        IpmiConfig.builder('127.0.0.1', port).username('admin').password('password'.toCharArray())
                .requestTimeout(Duration.ofMillis(100)).retries(1).build()
    }

    /** Connects and reads the power state; returns the exception, or null when it worked. */
    private static ConnectorException attempt(int port) {
        try {
            IpmiChassis.connect(config(port)).withCloseable { it.state() }
            null
        } catch (ConnectorException e) {
            e
        }
    }

    def "random datagrams in answer to every request end in exit-3 UNREACHABLE naming how many packets could not be read"() {
        given:
        def random = new Random(seed)
        def peer = new UdpPeer({ byte[] request ->
            (1..random.nextInt(3)).collect {
                byte[] b = new byte[random.nextInt(80)]
                random.nextBytes(b)
                if (b.length > 4 && random.nextBoolean()) { b[0] = 6; b[3] = 7 } // look like RMCP now and then
                b
            }
        })

        when:
        long started = System.nanoTime()
        def e = attempt(peer.port)
        long ms = (System.nanoTime() - started) / 1_000_000

        then:
        e != null
        e.isReachability()
        e.message.startsWith("IPMI at 127.0.0.1:${peer.port}: no")
        e.message.contains('Get Channel Authentication Capabilities')
        !e.message.contains('\n')
        ms < 5_000

        cleanup:
        peer?.close()

        where:
        seed << (1..8)
    }

    def "a real BMC's answers, mangled at random, give either a working session or one clean line, never a hang"() {
        given:
        def random = new Random(seed)
        def proxy = UdpPeer.proxy(bmc.port) { byte[] answer ->
            switch (random.nextInt(6)) {
                case 0: return [Arrays.copyOf(answer, random.nextInt(answer.length))]          // truncated
                case 1: byte[] b = answer.clone(); b[random.nextInt(b.length)] ^= (1 << random.nextInt(8)); return [b] // a bit flipped
                case 2: return [answer, answer]                                                 // sent twice
                case 3: return []                                                               // lost
                default: return [answer]
            }
        }

        when:
        long started = System.nanoTime()
        def e = attempt(proxy.port)
        long ms = (System.nanoTime() - started) / 1_000_000

        then: 'no hang: each request gives up after 100 + 200 ms, and a session has about ten of them'
        ms < 10_000
        e == null || e.message.startsWith("IPMI at 127.0.0.1:${proxy.port}") && !e.message.contains('\n')
        e == null || Oracle.checkMessage(e.message, new byte[0]) == null

        cleanup:
        proxy?.close()

        where:
        seed << (1..30)
    }
}
