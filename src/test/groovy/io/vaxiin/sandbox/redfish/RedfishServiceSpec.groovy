package io.vaxiin.sandbox.redfish

import groovy.json.JsonSlurper
import io.vaxiin.connector.Boot
import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Power
import io.vaxiin.connector.redfish.RedfishClient
import io.vaxiin.connector.redfish.RedfishConfig
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

@Timeout(30)
class RedfishServiceSpec extends Specification {

    static final String USER = 'admin'
    static final String PASSWORD = 'sandbox-Pa55word!'

    TestBmc bmc = new TestBmc()
    @AutoCleanup RedfishService service = RedfishService.start(bmc, USER, PASSWORD.toCharArray(), 0)
    @Shared HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()

    RedfishClient client(String password = PASSWORD) {
        RedfishClient.connect(RedfishConfig.builder().uri(service.uri()).credentials(USER, password)
                .verifyInterval(Duration.ofMillis(20)).requestTimeout(Duration.ofSeconds(5)).build())
    }

    static boolean hasRedfishtool() { new File('/usr/bin/redfishtool').canExecute() }

    /** Runs DMTF's redfishtool against the service; returns [exit code, output]. */
    List redfishtool(String... args) {
        def cmd = ['redfishtool', '-r', "127.0.0.1:${service.port()}".toString(), '-S', 'Never', '-u', USER, '-p', PASSWORD] + args.toList()
        def p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        def out = new ByteArrayOutputStream()
        def reader = Thread.start { out << p.inputStream }
        assert p.waitFor(20, TimeUnit.SECONDS): "redfishtool did not finish: ${args}"
        reader.join(2000)
        [p.exitValue(), out.toString('UTF-8')]
    }

    Map request(String method, String path, String body = null, Map<String, String> headers = [:]) {
        def b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(5))
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        headers.each { k, v -> b.header(k, v) }
        def r = raw.send(b.build(), HttpResponse.BodyHandlers.ofString())
        [status: r.statusCode(), json: r.body() ? new JsonSlurper().parseText(r.body()) : null, headers: r.headers().map()]
    }

    static String basic(String user = USER, String pass = PASSWORD) {
        'Basic ' + "${user}:${pass}".bytes.encodeBase64()
    }

    @Requires({ RedfishServiceSpec.hasRedfishtool() })
    @Unroll("redfishtool (#auth auth) resets the simulated machine with ForceRestart")
    def "redfishtool resets the simulated machine"() {
        given:
        bmc.state = SimulatedBmc.PowerState.OFF

        when:
        def (code, out) = redfishtool('-A', auth, 'Systems', 'reset', 'ForceRestart')

        then:
        code == 0
        bmc.resets == ['ForceRestart']
        bmc.power() == SimulatedBmc.PowerState.ON
        !out.contains('Error')

        where:
        auth << ['Basic', 'Session']
    }

    @Requires({ RedfishServiceSpec.hasRedfishtool() })
    def "redfishtool sets a one-time PXE boot override that the simulated machine sees"() {
        when:
        def (code, out) = redfishtool('-A', 'Session', 'Systems', 'setBootOverride', 'Once', 'Pxe')

        then:
        code == 0
        bmc.bootRequests == [new SimulatedBmc.BootSetting('Pxe', 'Once')]
        bmc.boot() == new SimulatedBmc.BootSetting('Pxe', 'Once')
        service.openSessions() == 0  // redfishtool deletes its session
        !out.contains('Error')
    }

    @Requires({ RedfishServiceSpec.hasRedfishtool() })
    def "redfishtool reads the system and is refused with a wrong password"() {
        when:
        def (code, out) = redfishtool('Systems', '-1')

        then:
        code == 0
        out.contains('"PowerState": "On"')
        out.contains('Sandbox 9000')

        when:
        def p = new ProcessBuilder('redfishtool', '-r', "127.0.0.1:${service.port()}".toString(), '-S', 'Never',
                '-u', USER, '-p', 'wrong', 'Systems', '-1').redirectErrorStream(true).start()
        p.waitFor(20, TimeUnit.SECONDS)

        then:
        p.exitValue() != 0
        bmc.resets.isEmpty()
    }

    def "the project's client discovers the sandbox and logs out on close"() {
        when:
        def c = client()
        def facts = c.facts()

        then:
        facts.vendor() == 'vaxiin'
        facts.model() == 'Sandbox 9000'
        facts.manufacturer() == 'Vaxiin'
        facts.managerModel() == 'Vaxiin Sandbox BMC'
        facts.firmwareVersion() == '1.0.0'
        facts.system() == '/redfish/v1/Systems/1'
        facts.manager() == '/redfish/v1/Managers/1'
        facts.resetTypes() == bmc.resetTypes()
        facts.resetTypesSource() == 'inline'
        facts.bootTargets() == ['None', 'Pxe', 'Hdd', 'Cd', 'BiosSetup']
        facts.sessions()
        service.openSessions() == 1
        c.supported() == EnumSet.allOf(Power.Action)
        c.state() == Power.State.ON

        when:
        c.close()

        then:
        service.openSessions() == 0
    }

    @Unroll("power '#action' from #from sends #sent and reads #to")
    def "the project's client does every power action with read-back"() {
        given:
        bmc.state = from
        def c = client()

        when:
        c.power(action, Duration.ofSeconds(2))

        then:
        bmc.resets == sent
        c.state() == to

        cleanup:
        c?.close()

        where:
        action              | from                         || sent                  | to
        Power.Action.ON     | SimulatedBmc.PowerState.OFF  || ['On']                | Power.State.ON
        Power.Action.ON     | SimulatedBmc.PowerState.ON   || []                    | Power.State.ON
        Power.Action.OFF    | SimulatedBmc.PowerState.ON   || ['ForceOff']          | Power.State.OFF
        Power.Action.SOFT   | SimulatedBmc.PowerState.ON   || ['GracefulShutdown']  | Power.State.OFF
        Power.Action.RESET  | SimulatedBmc.PowerState.ON   || ['ForceRestart']      | Power.State.ON
        Power.Action.CYCLE  | SimulatedBmc.PowerState.ON   || ['PowerCycle']        | Power.State.ON
    }

    def "without PowerCycle a cycle is ForceOff, Off, then On"() {
        given:
        bmc.allowedResets = ['On', 'ForceOff', 'ForceRestart']
        def c = client()

        when:
        c.power(Power.Action.CYCLE, Duration.ofSeconds(2))

        then:
        bmc.resets == ['ForceOff', 'On']
        c.state() == Power.State.ON

        cleanup:
        c?.close()
    }

    @Unroll("boot '#device' once=#once is set and read back as #redfish")
    def "the project's client sets the boot override and reads it back"() {
        given:
        def c = client()

        when:
        c.boot(device, once, Duration.ofSeconds(2))

        then:
        bmc.boot() == redfish
        c.current() == new Boot.Setting(device, device != Boot.Device.NONE && once)

        cleanup:
        c?.close()

        where:
        device            | once  || redfish
        Boot.Device.PXE   | true  || new SimulatedBmc.BootSetting('Pxe', 'Once')
        Boot.Device.DISK  | false || new SimulatedBmc.BootSetting('Hdd', 'Continuous')
        Boot.Device.CD    | true  || new SimulatedBmc.BootSetting('Cd', 'Once')
        Boot.Device.BIOS  | true  || new SimulatedBmc.BootSetting('BiosSetup', 'Once')
        Boot.Device.NONE  | true  || new SimulatedBmc.BootSetting('None', 'Disabled')
    }

    def "a BMC that accepts a reset but whose state never changes is NOT_VERIFIED, in about the timeout"() {
        given:
        bmc.lies = true
        def c = client()
        long t0 = System.nanoTime()

        when:
        c.power(Power.Action.OFF, Duration.ofMillis(300))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.NOT_VERIFIED
        e.message == "Redfish at 127.0.0.1:${service.port()} accepted ForceOff but PowerState stayed On for 300 ms".toString()
        (System.nanoTime() - t0) < 3_000_000_000L
        bmc.resets == ['ForceOff']

        cleanup:
        c?.close()
    }

    def "a BMC that accepts the boot PATCH and then reverts it is NOT_VERIFIED"() {
        given:
        bmc.reverts = true
        def c = client()

        when:
        c.boot(Boot.Device.PXE, true, Duration.ofMillis(300))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.NOT_VERIFIED
        e.message == "Redfish at 127.0.0.1:${service.port()} accepted the boot override Pxe (Once) but it reads None (Disabled) after 300 ms".toString()
        bmc.bootRequests == [new SimulatedBmc.BootSetting('Pxe', 'Once')]

        cleanup:
        c?.close()
    }

    def "an action the BMC does not allow is REFUSED, naming it and what is allowed"() {
        given:
        bmc.allowedResets = ['On', 'ForceOff']
        def c = client()

        when:
        c.power(Power.Action.SOFT, Duration.ofSeconds(1))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.REFUSED
        e.message == "Redfish at 127.0.0.1:${service.port()} does not allow power 'soft' (GracefulShutdown); it allows On, ForceOff".toString()
        bmc.resets.isEmpty()
        // reset without ForceRestart is ForceOff then On, as cycle is
        c.supported() == EnumSet.of(Power.Action.ON, Power.Action.OFF, Power.Action.CYCLE, Power.Action.RESET)

        cleanup:
        c?.close()
    }

    def "a wrong password is AUTHENTICATION and the password appears nowhere"() {
        when:
        client('not-the-password')

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.AUTHENTICATION
        e.message == "Redfish at 127.0.0.1:${service.port()} refused the credentials for user 'admin'".toString()
        !e.message.contains('not-the-password')
        !service.toString().contains(PASSWORD)
        service.openSessions() == 0
    }

    def "the service root needs no credentials; everything else does"() {
        expect:
        request('GET', '/redfish/v1/').status == 200
        request('GET', '/redfish').json.v1 == '/redfish/v1/'

        when:
        def r = request('GET', '/redfish/v1/Systems/1')

        then:
        r.status == 401
        r.json.error.'@Message.ExtendedInfo'[0].MessageId == 'Base.1.8.1.NoValidSession'
        request('GET', '/redfish/v1/Systems/1', null, [Authorization: basic()]).status == 200
        request('GET', '/redfish/v1/Systems/1', null, [Authorization: basic(USER, 'nope')]).status == 401
    }

    @Unroll("#what answers HTTP #status with #messageId")
    def "bad requests get Redfish error bodies"() {
        when:
        def r = request(method, path, body, [Authorization: basic(), 'Content-Type': 'application/json'] + headers)

        then:
        r.status == status
        r.json.error.code == "Base.1.8.1.${messageId}".toString()
        r.json.error.'@Message.ExtendedInfo'[0].MessageId == "Base.1.8.1.${messageId}".toString()
        r.json.error.'@Message.ExtendedInfo'[0].Message.contains(fragment)
        bmc.resets.isEmpty()

        where:
        what                | method  | path                                                   | body                          | headers                  || status | messageId                       | fragment
        'unknown path'      | 'GET'   | '/redfish/v1/Chassis/9'                                | null                          | [:]                      || 404    | 'ResourceMissingAtURI'          | '/redfish/v1/Chassis/9'
        'unknown ResetType' | 'POST'  | '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset'   | '{"ResetType":"Explode"}'     | [:]                      || 400    | 'ActionParameterValueNotInList' | "'Explode'"
        'missing ResetType' | 'POST'  | '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset'   | '{}'                          | [:]                      || 400    | 'ActionParameterMissing'        | 'ResetType'
        'bad JSON'          | 'POST'  | '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset'   | '{"ResetType": '              | [:]                      || 400    | 'MalformedJSON'                 | 'malformed JSON'
        'bad boot target'   | 'PATCH' | '/redfish/v1/Systems/1'                                | '{"Boot":{"BootSourceOverrideTarget":"Floppy"}}' | [:]   || 400    | 'PropertyValueNotInList'        | 'Floppy'
        'read-only write'   | 'PATCH' | '/redfish/v1/Systems/1'                                | '{"PowerState":"Off"}'        | [:]                      || 400    | 'PropertyNotWritable'           | 'PowerState'
        'stale ETag'        | 'PATCH' | '/redfish/v1/Systems/1'                                | '{"Boot":{"BootSourceOverrideTarget":"Pxe"}}' | ['If-Match': 'W/"0"'] || 412 | 'PreconditionFailed' | 'ETag'
        'wrong method'      | 'DELETE'| '/redfish/v1/Systems/1'                                | null                          | [:]                      || 405    | 'GeneralError'                  | 'DELETE'
    }

    def "the system carries an ETag that changes with the boot override"() {
        when:
        def before = request('GET', '/redfish/v1/Systems/1', null, [Authorization: basic()])
        def patched = request('PATCH', '/redfish/v1/Systems/1', '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}',
                [Authorization: basic(), 'If-Match': before.json.'@odata.etag'])

        then:
        before.headers.etag == [before.json.'@odata.etag']
        patched.status == 200
        patched.json.'@odata.etag' != before.json.'@odata.etag'
        patched.json.Boot.BootSourceOverrideTarget == 'Pxe'
    }

    def "sessions are made with the right credentials, used with X-Auth-Token and deleted"() {
        when:
        def login = request('POST', '/redfish/v1/SessionService/Sessions', /{"UserName":"admin","Password":"${PASSWORD}"}/)
        String token = login.headers['x-auth-token'][0]
        String location = login.headers['location'][0]

        then:
        login.status == 201
        location.startsWith('/redfish/v1/SessionService/Sessions/')
        request('GET', '/redfish/v1/Managers/1', null, ['X-Auth-Token': token]).json.Model == 'Vaxiin Sandbox BMC'

        when:
        def bye = request('DELETE', location, null, ['X-Auth-Token': token])

        then:
        bye.status == 204
        request('GET', '/redfish/v1/Managers/1', null, ['X-Auth-Token': token]).status == 401
        request('POST', '/redfish/v1/SessionService/Sessions', '{"UserName":"admin","Password":"x"}').status == 401
    }
}
