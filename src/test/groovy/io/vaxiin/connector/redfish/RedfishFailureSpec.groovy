package io.vaxiin.connector.redfish

import io.vaxiin.connector.Boot
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Power
import java.security.MessageDigest
import java.time.Duration
import okhttp3.tls.HandshakeCertificates
import okhttp3.tls.HeldCertificate
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import static io.vaxiin.connector.ConnectorException.Kind.*

/**
 * Each way a BMC can fail gives one ConnectorException of the right kind, with one clear line,
 * quickly, and never with the password in it.
 */
@Timeout(20)
class RedfishFailureSpec extends Specification {

    @Shared HeldCertificate bmcCertificate = new HeldCertificate.Builder().commonName('idrac-SELF-SIGNED').build()
    @Shared String fingerprint = MessageDigest.getInstance('SHA-256').digest(bmcCertificate.certificate().encoded)
            .encodeHex().toString().toUpperCase().toList().collate(2)*.join().join(':')

    /** Every text a user could see, to check that the password is in none of them. */
    @Shared List<String> seen = []

    def cleanupSpec() {
        assert seen.size() > 10
        seen.each { assert !it.contains(MockupServer.PASSWORD) }
    }

    ConnectorException remember(ConnectorException e) {
        for (Throwable t = e; t != null; t = t.cause) seen << String.valueOf(t.message) << t.toString()
        assert !e.message.contains('\n')
        e
    }

    def "a wrong password is AUTHENTICATION at login"() {
        given:
        def server = new MockupServer('dell-idrac9')

        when:
        RedfishClient.connect(server.config().credentials('root', 'wrong-' + MockupServer.PASSWORD).build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == AUTHENTICATION
        e.isReachability()
        e.message == "Redfish at 127.0.0.1:${server.port} refused the credentials for user 'root'".toString()
        e.endpoint() == "127.0.0.1:${server.port}".toString()
        e.protocol() == 'Redfish'
        e.phase() == 'login'

        cleanup:
        server?.close()
    }

    def "a wrong password with HTTP Basic is AUTHENTICATION at the first request"() {
        given:
        def server = new MockupServer('supermicro')
        server.sessions = false

        when:
        RedfishClient.connect(server.config().credentials('root', 'nope').build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == AUTHENTICATION
        e.message == "Redfish at 127.0.0.1:${server.port} refused the credentials for user 'root' (GET /redfish/v1/Systems)".toString()

        cleanup:
        server?.close()
    }

    @Unroll("HTTP #status with #errorFile on #request is REFUSED: #expected")
    def "4xx and 5xx answers are REFUSED with the Redfish message as the sentence"() {
        given:
        def server = new MockupServer(flavour)
        def client = RedfishClient.connect(server.config().build())
        server.injected[request] = [status, errorFile ? MockupServer.error(errorFile) : body]

        when:
        action(client)

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == REFUSED
        e.message == "Redfish at 127.0.0.1:${server.port} refused ${request} (HTTP ${status})${expected ? ': ' + expected : ''}".toString()

        cleanup:
        client?.close()
        server?.close()

        where:
        flavour       | request                                                            | status | errorFile                                    | body                              | action                                                   || expected
        'hpe-ilo5'    | 'GET /redfish/v1/Systems/1'                                        | 404    | 'hpe-ilo5--ResourceMissingAtURI.json'        | null                              | { RedfishClient c -> c.state() }                         || 'ResourceMissingAtURI /redfish/v1/SessionService/Sessions/ctobmaas00000000689be518accd3ff'
        'dell-idrac9' | 'POST /redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset' | 500 | 'dell-idrac9--RAC0679-job-running.json' | null                            | { RedfishClient c -> c.power(Power.Action.OFF, Duration.ofSeconds(1)) } || 'A job operation is already running. Retry the operation after the existing job is completed.'
        'dell-idrac9' | 'PATCH /redfish/v1/Systems/System.Embedded.1'                      | 400    | 'generic--GeneralError-multi.json'           | null                              | { RedfishClient c -> c.boot(Boot.Device.PXE, true, Duration.ofSeconds(1)) } || 'The value Red for the property IndicatorLED is not in the list of acceptable values; The property SKU is a read only property and cannot be assigned a value; The request body submitted was malformed JSON and could not be parsed by the receiving service.'
        'supermicro'  | 'GET /redfish/v1/Systems/1'                                        | 415    | 'generic--ExtendedInfo-as-object.json'       | null                              | { RedfishClient c -> c.current() }                       || 'A general error has occurred. See Resolution for information on how to resolve the error.'
        'openbmc'     | 'GET /redfish/v1/Systems/system'                                   | 503    | null                                         | '{"error":{"message":"BMC busy"}}' | { RedfishClient c -> c.state() }                        || 'BMC busy'
        'openbmc'     | 'GET /redfish/v1/Systems/system'                                   | 502    | null                                         | '<html>Bad Gateway</html>'        | { RedfishClient c -> c.state() }                         || null
    }

    def "a missing system at discovery is REFUSED, naming the path"() {
        given:
        def server = new MockupServer('openbmc')
        server.injected['GET /redfish/v1/Systems/system'] = [404, MockupServer.error('hpe-ilo5--ResourceMissingAtURI.json')]

        when:
        RedfishClient.connect(server.config().build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == REFUSED
        e.message.startsWith("Redfish at 127.0.0.1:${server.port} refused GET /redfish/v1/Systems/system (HTTP 404)".toString())
        server.requests('DELETE').size() == 1 // the session is closed on the way out

        cleanup:
        server?.close()
    }

    def "malformed JSON is PROTOCOL"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        server.injected['GET /redfish/v1/Systems'] = [200, '{"Members": [ {"@odata.id": ']

        when:
        RedfishClient.connect(server.config().build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == PROTOCOL
        e.message == "Redfish at 127.0.0.1:${server.port} sent malformed JSON in answer to GET /redfish/v1/Systems".toString()

        cleanup:
        server?.close()
    }

    def "a BMC that accepts a reset but never changes state is NOT_VERIFIED after the timeout"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        server.lies = true
        def client = RedfishClient.connect(server.config().build())
        long t0 = System.nanoTime()

        when:
        client.power(Power.Action.OFF, Duration.ofMillis(400))

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == NOT_VERIFIED
        e.message == "Redfish at 127.0.0.1:${server.port} accepted ForceOff but PowerState stayed On for 400 ms".toString()
        (System.nanoTime() - t0) / 1e6 < 2000

        when: 'a cycle without PowerCycle waits for Off before it sends On'
        client.power(Power.Action.CYCLE, Duration.ofMillis(300))

        then:
        def e2 = thrown(ConnectorException)
        remember(e2)
        e2.kind() == NOT_VERIFIED
        e2.message.contains('accepted ForceOff but PowerState stayed On')
        !server.requests('POST')*.body*.ResetType.contains('On')

        cleanup:
        client?.close()
        server?.close()
    }

    def "a BMC that accepts the boot PATCH and reverts it is NOT_VERIFIED"() {
        given:
        def server = new MockupServer('supermicro')
        server.reverts = true
        def client = RedfishClient.connect(server.config().build())

        when:
        client.boot(Boot.Device.CD, true, Duration.ofMillis(300))

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == NOT_VERIFIED
        e.message == "Redfish at 127.0.0.1:${server.port} accepted the boot override Cd (Once) but it reads Hdd (Continuous) after 300 ms".toString()

        cleanup:
        client?.close()
        server?.close()
    }

    def "a boot target the BMC does not list is REFUSED before anything is sent"() {
        given:
        def server = new MockupServer('openbmc')
        def client = RedfishClient.connect(server.config().build())
        // openbmc lists no Floppy, but every Device maps to a listed target: narrow the list
        server.resources['/redfish/v1/Systems/system'].Boot['BootSourceOverrideTarget@Redfish.AllowableValues'] = ['None', 'Pxe', 'Hdd']

        when:
        client.boot(Boot.Device.CD, false, Duration.ofSeconds(1))

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == REFUSED
        e.message == "Redfish at 127.0.0.1:${server.port} does not offer boot 'cd' (Cd); it offers None, Pxe, Hdd".toString()
        server.requests('PATCH').isEmpty()

        cleanup:
        client?.close()
        server?.close()
    }

    def "an expired session is opened again once, transparently"() {
        given:
        def server = new MockupServer('dell-idrac9')
        def client = RedfishClient.connect(server.config().build())

        when:
        server.tokens.clear()
        def state = client.state()

        then:
        state == Power.State.ON
        server.requests('POST').count { it.path == '/redfish/v1/SessionService/Sessions' } == 2

        cleanup:
        client?.close()
        server?.close()
    }

    def "nothing listening is UNREACHABLE at once"() {
        given:
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        long t0 = System.nanoTime()

        when:
        RedfishClient.connect(RedfishConfig.builder().url("http://127.0.0.1:${port}").credentials('root', MockupServer.PASSWORD).build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == UNREACHABLE
        e.message.startsWith("Redfish at 127.0.0.1:${port} did not answer: connection refused".toString())
        (System.nanoTime() - t0) / 1e6 < 2000
    }

    def "a BMC that accepts the connection and never answers is UNREACHABLE after the request timeout, no hang"() {
        given:
        def silent = new ServerSocket(0, 1, InetAddress.loopbackAddress)
        def held = []
        Thread.start { try { while (true) held << silent.accept() } catch (IOException ignored) { } }
        long t0 = System.nanoTime()

        when:
        RedfishClient.connect(RedfishConfig.builder().url("http://127.0.0.1:${silent.localPort}")
                .credentials('root', MockupServer.PASSWORD).requestTimeout(Duration.ofMillis(500)).build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == UNREACHABLE
        e.message == "Redfish at 127.0.0.1:${silent.localPort} did not answer GET /redfish/v1/ within 500 ms (timeout)".toString()
        (System.nanoTime() - t0) / 1e6 < 3000

        cleanup:
        silent.close()
        held*.close()
    }

    def "a self-signed BMC certificate is refused by default, and the message says what to pin"() {
        given:
        def server = new MockupServer('hpe-ilo5', tls())

        when:
        RedfishClient.connect(server.config().build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == AUTHENTICATION
        e.phase() == 'TLS handshake'
        e.message == "Redfish at 127.0.0.1:${server.port} presented a certificate this machine does not trust (SHA-256 ${fingerprint}); if it is this BMC's own, trust it with tlsFingerprint: \"${fingerprint}\" for this server in the inventory".toString()
        server.requests.isEmpty()

        cleanup:
        server?.close()
    }

    def "a self-signed BMC certificate is accepted with the right pinned fingerprint"() {
        given:
        def server = new MockupServer('hpe-ilo5', tls())

        when:
        def client = RedfishClient.connect(server.config().pinnedCertificateSha256(pin).build())
        client.power(Power.Action.OFF, Duration.ofSeconds(2))

        then:
        client.facts().model() == 'ProLiant DL365 Gen10 Plus -- SIMULATED'
        client.state() == Power.State.OFF
        client.config().pinnedCertificateSha256() == fingerprint

        cleanup:
        client?.close()
        server?.close()

        where:
        pin << [fingerprint, fingerprint.toLowerCase().replace(':', '')]
    }

    def "a certificate that is not the pinned one is refused"() {
        given:
        def server = new MockupServer('hpe-ilo5', tls())
        String other = (['AB'] * 32).join(':')

        when:
        RedfishClient.connect(server.config().pinnedCertificateSha256(other).build())

        then:
        def e = thrown(ConnectorException)
        remember(e)
        e.kind() == AUTHENTICATION
        e.message == "Redfish at 127.0.0.1:${server.port} presented a certificate with SHA-256 ${fingerprint}, not the pinned ${other}".toString()
        server.requests.isEmpty()

        cleanup:
        server?.close()
    }

    def "the password is in no toString, describe or message"() {
        given:
        def server = new MockupServer('dmtf-public-rackmount1')
        def config = RedfishConfig.builder().uri("redfish+http://root:${MockupServer.PASSWORD}@127.0.0.1:${server.port}").build()
        def client = RedfishClient.connect(config)
        seen << config.toString() << client.toString() << client.describe() << client.facts().toString()

        expect:
        config.username() == 'root'
        config.baseUrl() == "http://127.0.0.1:${server.port}".toString()
        config.toString().contains('password ***')
        client.describe() == "Redfish at 127.0.0.1:${server.port}".toString()

        when:
        RedfishConfig.builder().uri("redfish://root:${MockupServer.PASSWORD}@bad host:1")

        then:
        def e = thrown(IllegalArgumentException)
        !e.message.contains(MockupServer.PASSWORD)

        cleanup:
        client?.close()
        server?.close()
    }

    @Unroll("config: #text")
    def "configs are checked when built"() {
        when:
        make()

        then:
        def e = thrown(RuntimeException)
        e.message == text

        where:
        make << [
                { -> RedfishConfig.builder().url('ftp://bmc').credentials('a', 'b').build() },
                { -> RedfishConfig.builder().url('https://bmc').build() },
                { -> RedfishConfig.builder().credentials('a', 'b').build() },
                { -> RedfishConfig.builder().pinnedCertificateSha256('AB:CD') },
                { -> RedfishConfig.builder().uri('vnc://bmc') },
        ]
        text << [
                "a Redfish URL starts with https:// or http://, not 'ftp://bmc'",
                'no Redfish credentials given (credentials())',
                'no Redfish host given (url() or host())',
                "a SHA-256 certificate fingerprint is 32 bytes in hex (AB:CD:…), not 'AB:CD'",
                "a Redfish target starts with redfish:// or redfish+http://, not 'vnc://'",
        ]
    }

    def "defaults: https on 443, sessions, verified TLS"() {
        when:
        def c = RedfishConfig.builder().uri('redfish://10.0.0.5').credentials('admin', 'x').build()

        then:
        c.baseUrl() == 'https://10.0.0.5:443'
        c.endpoint() == '10.0.0.5:443'
        c.sessions()
        c.pinnedCertificateSha256() == null
        c.connectTimeout() == Duration.ofSeconds(5)
        c.requestTimeout() == Duration.ofSeconds(30)
        c.verifyInterval() == Duration.ofSeconds(1)
    }

    private javax.net.ssl.SSLContext tls() {
        new HandshakeCertificates.Builder().heldCertificate(bmcCertificate).build().sslContext()
    }
}
