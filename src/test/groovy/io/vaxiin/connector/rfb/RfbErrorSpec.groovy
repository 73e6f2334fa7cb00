package io.vaxiin.connector.rfb

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.time.Duration

import static io.vaxiin.connector.rfb.FakeRfbServer.*

/** Bad peers: every failure is one ConnectorException of the right kind, with one clear sentence, quickly. */
@Timeout(20)
class RfbErrorSpec extends Specification {

    static RfbConfig.Builder config(int port) {
        RfbConfig.builder('127.0.0.1', port)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1)).reconnect(ReconnectPolicy.NEVER)
    }

    /** Connects and asks for a frame; returns the exception and how long it took. */
    static List fails(RfbConfig cfg) {
        long t0 = System.nanoTime()
        RfbConsole console = null
        try {
            console = RfbConsole.connect(cfg)
            console.frame(Duration.ofSeconds(5))
            console.awaitChange(Long.MAX_VALUE - 1, Duration.ofSeconds(5))
            return [null, 0]
        } catch (ConnectorException e) {
            return [e, (System.nanoTime() - t0) / 1_000_000]
        } finally {
            console?.close()
        }
    }

    @Unroll("#scenario")
    def "a bad server gives one ConnectorException of the right kind within a few seconds"() {
        given:
        def fake = new FakeRfbServer(script)
        def endpoint = "127.0.0.1:${fake.port}".toString()

        when:
        def (ConnectorException e, long ms) = fails(config(fake.port).password('secret'.toCharArray()).build())

        then:
        e != null
        e.kind() == kind
        e.message == "VNC at $endpoint $message".toString()
        e.endpoint() == endpoint
        e.protocol() == 'VNC'
        e.phase() == phase
        !e.message.contains('secret')
        ms < 4000

        cleanup:
        fake.close()

        where:
        scenario                                        | script                                                                                                                                                              || kind                | phase            | message
        'wrong password, RFB 3.8 with a reason'         | { c -> c.send('RFB 003.008\n'.bytes); c.read(12); c.send([1, 2]); c.read(1); c.send(new byte[16]); c.read(16); c.send(u32(1) + u32(21) + ('Authentication failed'.bytes as List)); Thread.sleep(3000) } || Kind.AUTHENTICATION | 'authentication' | 'refused the password (RFB 3.8, VNC authentication): Authentication failed'
        'wrong password, RFB 3.7 (no reason sent)'      | { c -> c.send('RFB 003.007\n'.bytes); c.read(12); c.send([1, 2]); c.read(1); c.send(new byte[16]); c.read(16); c.send(u32(1)); Thread.sleep(3000) }                  || Kind.AUTHENTICATION | 'authentication' | 'refused the password (RFB 3.7, VNC authentication)'
        'wrong password, RFB 3.3'                       | { c -> c.send('RFB 003.003\n'.bytes); c.read(12); c.send(u32(2)); c.send(new byte[16]); c.read(16); c.send(u32(1)); Thread.sleep(3000) }                             || Kind.AUTHENTICATION | 'authentication' | 'refused the password (RFB 3.3, VNC authentication)'
        'unsupported security types'                    | { c -> c.send('RFB 003.008\n'.bytes); c.read(12); c.send([2, 19, 16]); Thread.sleep(3000) }                                                                          || Kind.PROTOCOL       | 'authentication' | 'offers only security types 19 (VeNCrypt), 16 (Tight), none of which this client supports (None, VNC authentication)'
        'the server refuses with a reason'              | { c -> c.send('RFB 003.008\n'.bytes); c.read(12); c.send([0] + u32(17) + ('Too many failures'.bytes as List)); Thread.sleep(3000) }                                 || Kind.REFUSED        | 'authentication' | 'refused the connection: Too many failures'
        'not an RFB server'                             | { c -> c.send('HTTP/1.1 400 Bad\r\n'.bytes); Thread.sleep(3000) }                                                                                                     || Kind.PROTOCOL       | 'handshake'      | 'is not an RFB server (it greeted with "HTTP/1.1 400")'
        'silent after accepting (read timeout)'         | { c -> Thread.sleep(5000) }                                                                                                                                           || Kind.UNREACHABLE    | 'handshake'      | 'did not answer within 1 second during the handshake'
        'absurd screen size in ServerInit'              | { c -> c.init38(60000, 60000); Thread.sleep(3000) }                                                                                                                   || Kind.PROTOCOL       | 'initialisation' | 'sent an absurd size 60000×60000 for its screen'
        'absurd length of a reason string'              | { c -> c.send('RFB 003.008\n'.bytes); c.read(12); c.send([0] + u32(0x7fffffff)); Thread.sleep(3000) }                                                                || Kind.PROTOCOL       | 'authentication' | 'sent a text of 2147483647 bytes, more than the 65536 allowed'
        'unknown message type'                          | { c -> c.init38(4, 4); c.readSetup(); c.send([77]); Thread.sleep(3000) }                                                                                              || Kind.PROTOCOL       | 'frame update'   | 'sent an unknown message type 77 (RFB 3.8)'
        'rectangle far outside the screen'              | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 65535, 65535, 0)); Thread.sleep(3000) }                                                          || Kind.PROTOCOL       | 'frame update'   | 'sent a rectangle 65535×65535 at (0,0) outside its 4×4 screen'
        'absurd ZRLE length'                            | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 4, 4, 16) + u32(0xfffffff0L)); Thread.sleep(3000) }                                              || Kind.PROTOCOL       | 'frame update'   | 'sent a ZRLE rectangle with 4294967280 bytes of data, more than the 65664 a 4×4 rectangle can need'
        'absurd clipboard length'                       | { c -> c.init38(4, 4); c.readSetup(); c.send([3, 0, 0, 0] + u32(0xfffffff0L)); Thread.sleep(3000) }                                                                  || Kind.PROTOCOL       | 'frame update'   | 'sent clipboard text of 4294967280 bytes, more than the 16 MiB allowed'
        'encoding it was not asked for'                 | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 4, 4, 5)); Thread.sleep(3000) }                                                                  || Kind.PROTOCOL       | 'frame update'   | 'sent a rectangle in encoding 5, which this client did not ask for'
        'corrupt zlib data'                             | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 4, 4, 16) + u32(4) + [1, 2, 3, 4]); Thread.sleep(3000) }                                         || Kind.PROTOCOL       | 'frame update'   | 'corrupt compressed data'
        'server closes mid-frame'                       | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 4, 4, 0) + [1] * 10); c.close() }                                                               || Kind.UNREACHABLE    | 'frame update'   | 'lost its connection (closed by the server in the middle of a frame update)'
        'server stalls mid-frame'                       | { c -> c.init38(4, 4); c.readSetup(); c.send(update(1) + rect(0, 0, 4, 4, 0) + [1] * 10); Thread.sleep(5000) }                                                       || Kind.UNREACHABLE    | 'frame update'   | 'lost its connection (no data for 1 second in the middle of a frame update)'
    }

    def "nothing listening is UNREACHABLE at once"() {
        given:
        def probe = new ServerSocket(0, 1, InetAddress.loopbackAddress)
        int port = probe.localPort
        probe.close()

        when:
        def (ConnectorException e, long ms) = fails(config(port).build())

        then:
        e.kind() == Kind.UNREACHABLE
        e.phase() == 'connect'
        e.message == "VNC at 127.0.0.1:$port is unreachable: nothing is listening (connection refused)".toString()
        e.reachability
        ms < 3000
    }

    def "a server without a password asks for one: AUTHENTICATION, saying none was given"() {
        given:
        def fake = new FakeRfbServer({ c -> c.send('RFB 003.008\n'.bytes); c.read(12); c.send([1, 2]); c.read(1); c.send(new byte[16]); Thread.sleep(3000) })

        when:
        def (ConnectorException e, long ms) = fails(config(fake.port).build())

        then:
        e.kind() == Kind.AUTHENTICATION
        e.message.endsWith('asks for a password (RFB 3.8, VNC authentication) and none was given')

        cleanup:
        fake.close()
    }

    def "a dropped connection is reported to the listener, and the console reconnects"() {
        given: 'a server that drops the first connection after one frame and serves a second'
        def fake = new FakeRfbServer(2, { c ->
            c.init38(2, 1); c.readSetup()
            c.send(update(1) + rect(0, 0, 2, 1, 0) + raw(c.index == 0 ? [0x111111, 0x111111] : [0x222222, 0x222222]))
            if (c.index == 0) { Thread.sleep(200); c.close() } else Thread.sleep(8000)
        })
        def events = [].asSynchronized()
        def cfg = config(fake.port).reconnect(new ReconnectPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .listener({ ev -> events << ev.message() } as ConnectionListener).build()

        when:
        def console = RfbConsole.connect(cfg)
        def first = console.frame(Duration.ofSeconds(3))
        def second = console.awaitChange(first.version(), Duration.ofSeconds(5))

        then:
        (first.image().getRGB(0, 0) & 0xffffff) == 0x111111
        (second.image().getRGB(0, 0) & 0xffffff) == 0x222222
        second.version() > first.version()
        events == ["VNC at 127.0.0.1:${fake.port}: connection lost (closed by the server), reconnecting (attempt 1/3)".toString(),
                   "VNC at 127.0.0.1:${fake.port}: reconnected".toString()]

        cleanup:
        console?.close()
        fake.close()
    }

    def "when reconnecting fails, calls raise UNREACHABLE and the listener hears that the console gave up"() {
        given: 'a server that closes in the middle of a frame and then stops listening'
        def fake = new FakeRfbServer(1, { c ->
            c.init38(4, 4); c.readSetup()
            c.send(update(1) + rect(0, 0, 4, 4, 0) + [1] * 10)
            c.close()
        })
        def events = [].asSynchronized()
        def cfg = config(fake.port).reconnect(new ReconnectPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .listener({ ev -> events << ev.message() } as ConnectionListener).build()
        def where = "VNC at 127.0.0.1:${fake.port}".toString()

        when:
        def (ConnectorException e, long ms) = fails(cfg)

        then:
        e.kind() == Kind.UNREACHABLE
        e.message == "$where lost its connection (closed by the server in the middle of a frame update) and could not reconnect (is unreachable: nothing is listening (connection refused))".toString()
        ms < 4000
        events == ["$where: connection lost (closed by the server in the middle of a frame update), reconnecting (attempt 1/2)".toString(),
                   "$where: connection lost (closed by the server in the middle of a frame update), reconnecting (attempt 2/2)".toString(),
                   "$where: connection lost (is unreachable: nothing is listening (connection refused)), gave up after 2 attempts".toString()]

        cleanup:
        fake.close()
    }
}
