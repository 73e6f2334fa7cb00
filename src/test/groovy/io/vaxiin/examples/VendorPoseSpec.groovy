package io.vaxiin.examples

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.Fixtures
import io.vaxiin.sandbox.Sandbox
import io.vaxiin.sandbox.Scenario
import io.vaxiin.sandbox.redfish.Pose
import io.vaxiin.vendor.VendorProfiles
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The same dsl-examples/no-boot-device.groovy, unmodified, recovers the sandbox posing as each
 * vendor profile: its BMC answers in that vendor's Redfish payload shapes with the quirks the
 * profile states (sessions only, If-Match wanted, BootSourceOverrideMode rejected or wanted, only
 * the listed ResetType values), and `vaxiin run` drives it as a person would, with direct URIs and
 * the password in a file. `vaxiin discover` against the same BMC names the profile, over Redfish
 * and (by the IANA number) over IPMI. One sandbox per vendor.
 */
class VendorPoseSpec extends Specification {

    static final String SCRIPT = Dsl.PROJECT.resolve('dsl-examples/no-boot-device.groovy').toString()
    static final Path REDFISH_FIXTURES = Fixtures.ROOT.resolve('redfish')
    /** The machine at twice its speed: nine recoveries stay well under a minute. */
    static final double PACE = 0.5

    @Shared VendorProfiles profiles = VendorProfiles.load(Dsl.PROJECT.resolve('lib/vendors'))
    @Shared Path dir = Files.createTempDirectory('vendor-pose')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private String passwordFile(Sandbox sandbox) {
        def f = dir.resolve("pw-${System.nanoTime()}")
        Files.writeString(f, new String(sandbox.password()))
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString('rw-------'))
        f.toString()
    }

    private static String hostPort(String uri) { uri.substring(uri.lastIndexOf('/') + 1) }

    @Timeout(60)
    @Unroll("posing as #profile: no-boot-device.groovy recovers it over #via (#quirk), and discover names it")
    def "the same no-boot-device.groovy recovers the sandbox posing as each vendor, exercising that vendor's quirks"() {
        given: 'the sandbox in no-boot-device, its BMC posing as the profile'
        def pose = Pose.of(profiles.named(profile).orElseThrow())
        def sandbox = Sandbox.start(Scenario.NO_BOOT_DEVICE, PACE, { }, { }, pose)
        def pw = passwordFile(sandbox)
        def redfishUri = "redfish+http://admin:file:$pw@${hostPort(sandbox.powerUri())}"
        def ipmiUri = "ipmi://admin:file:$pw@${hostPort(sandbox.ipmiUri())}"
        def secret = new String(sandbox.password())

        when: 'vaxiin run drives it through its console and its BMC, as it would a real server'
        def run = CliRun.of('run', SCRIPT, '--console', sandbox.consoleUri(), '--power', via == 'Redfish' ? redfishUri : ipmiUri,
                '--out', dir.resolve("out-$profile").toString())
        def overRedfish = via == 'Redfish' ? CliRun.of('discover', '--power', redfishUri, '--json') : null
        def overIpmi = CliRun.of('discover', '--power', ipmiUri, '--json')
        def events = sandbox.redfish().events()
        def history = sandbox.machine().history()

        then: 'it recovered: the override to the disk and the reset were verified, the login prompt ended the run'
        run.code == 0
        run.out.contains("rule 'screen =~ /No bootable device|No more network devices|Boot failed: not a bootable disk/' (no-boot-device.groovy, line 13) fired (1/2)")
        run.out.contains('boot disk: verified')
        run.out.contains('power reset: verified')
        run.out.contains('recovered: reached the login prompt')
        !run.out.contains('fired (2/2)')
        !(run.out + run.err).contains(secret)

        and: 'the machine saw one disk override and the reset done with what this BMC allows'
        history.findAll { it.startsWith('boot ') } == ['boot Hdd Once']
        history.findAll { it.startsWith('power ') } == resets

        and: "the vendor's quirk really was exercised"
        seen.every { want -> events.any { it.contains(want) } }
        never.every { bad -> !events.any { it.contains(bad) } }
        sandbox.redfish().bootMode() == 'UEFI'

        and: 'discover names the profile from its Redfish answers, and its vendor from the IANA number of Get Device ID'
        overRedfish == null || new JsonSlurper().parseText(overRedfish.out).profile == profile
        def ipmi = new JsonSlurper().parseText(overIpmi.out)
        ipmi.manufacturerId == (profiles.named(profile).get().match().ipmiManufacturer()[0] ?: Pose.DOCUMENTATION_IANA)
        via == 'Redfish' || ipmi.profile == profile

        cleanup:
        sandbox?.close()

        where:
        profile        | via       | quirk                                  || resets                              | seen                                                                                | never
        'dell-idrac9'  | 'Redfish' | 'BootSourceOverrideMode rejected'      || ['power ForceRestart']              | ['refused a PATCH naming BootSourceOverrideMode', 'Hdd Once, no If-Match']           | ['refused HTTP Basic', 'refused ResetType']
        'dell-idrac8'  | 'Redfish' | 'no ForceRestart, mode rejected'       || ['power ForceOff', 'power On']      | ['refused a PATCH naming BootSourceOverrideMode', 'reset ForceOff', 'reset On']      | ['refused ResetType', 'GracefulRestart']
        'hpe-ilo5'     | 'Redfish' | 'If-Match wanted'                      || ['power ForceRestart']              | ['Hdd Once mode UEFI, If-Match W/"']                                                 | ['without If-Match', 'stale If-Match', 'refused HTTP Basic']
        'hpe-ilo6'     | 'Redfish' | 'If-Match wanted'                      || ['power ForceRestart']              | ['Hdd Once mode UEFI, If-Match W/"']                                                 | ['without If-Match', 'stale If-Match']
        'hpe-ilo4'     | 'Redfish' | "mode rejected in iLO's error shape"   || ['power ForceRestart']              | ['refused a PATCH naming BootSourceOverrideMode', 'Hdd Once, no If-Match']           | ['refused ResetType']
        'supermicro'   | 'Redfish' | 'mode wanted, glued ResetType list'    || ['power ForceRestart']              | ['Hdd Once mode UEFI']                                                               | ['falls back to Legacy', 'refused ResetType']
        'openbmc'      | 'Redfish' | 'mode wanted, ResetType in ActionInfo' || ['power ForceRestart']              | ['Hdd Once mode UEFI']                                                               | ['falls back to Legacy', 'refused ResetType']
        'lenovo-xcc'   | 'Redfish' | 'If-Match and mode wanted'             || ['power ForceRestart']              | ['Hdd Once mode UEFI, If-Match W/"']                                                 | ['without If-Match', 'falls back to Legacy']
        'generic-ipmi' | 'IPMI'    | 'no Redfish at all'                    || ['power ForceRestart']              | []                                                                                   | ['PATCH']
    }

    @Unroll("posing as #profile: root, system and manager have the shapes of #fixture's real payloads")
    def "where a vendor's real payloads exist, the posing sandbox serves its state in their shapes"() {
        given:
        def sandbox = Sandbox.start(Scenario.HEALTHY, 1.0, { }, { }, Pose.of(profiles.named(profile).orElseThrow()))
        def base = 'http://' + hostPort(sandbox.powerUri())
        def login = post("$base/redfish/v1/SessionService/Sessions", [UserName: 'admin', Password: new String(sandbox.password())])
        def token = login.getHeaderField('X-Auth-Token')
        def get = { String path -> new JsonSlurper().parse(open("$base$path", token).inputStream) as Map }
        def real = { String path -> new JsonSlurper().parse(REDFISH_FIXTURES.resolve("$fixture$path/index.json").toFile()) as Map }

        when:
        def root = get('/redfish/v1')
        def systemPath = get('/redfish/v1/Systems').Members[0].'@odata.id'
        def system = get(systemPath)
        def manager = get(system.Links.ManagedBy[0].'@odata.id')
        def realRoot = real('/redfish/v1')
        def realSystem = real(systemPath)
        def realManager = real(manager.'@odata.id')
        def basic = open("$base$systemPath", null, 'admin:' + new String(sandbox.password()))

        then: 'the same ids, types and identity as the real ones'
        login.responseCode == 201
        systemPath == realSystem.'@odata.id'
        ['@odata.type', 'Id', 'Name', 'Manufacturer', 'Model'].every { system[it] == realSystem[it] }
        ['@odata.id', '@odata.type', 'Id', 'Name', 'Model', 'FirmwareVersion'].every { manager[it] == realManager[it] }
        ['@odata.type', 'Id', 'Name', 'RedfishVersion', 'Vendor', 'Product'].every { root[it] == realRoot[it] }
        (root.Oem?.keySet() ?: []) == (realRoot.Oem?.keySet() ?: [])

        and: 'the ResetType values listed where and as the real one lists them, and the same boot targets'
        def reset = system.Actions.'#ComputerSystem.Reset'
        def realReset = realSystem.Actions.'#ComputerSystem.Reset'
        reset.'ResetType@Redfish.AllowableValues' == realReset.'ResetType@Redfish.AllowableValues'
        (reset.'@Redfish.ActionInfo' != null) == (realReset.'@Redfish.ActionInfo' != null)
        reset.target == realReset.target
        system.Boot.'BootSourceOverrideTarget@Redfish.AllowableValues' == realSystem.Boot.'BootSourceOverrideTarget@Redfish.AllowableValues'
        (system.'@odata.etag' != null) == (realSystem.'@odata.etag' != null)

        and: 'the machine state inside them, and HTTP Basic refused (the profile says sessions)'
        system.PowerState == 'On'
        system.Boot.BootSourceOverrideTarget == 'None'
        basic.responseCode == 401

        cleanup:
        sandbox?.close()

        where:
        profile       | fixture
        'dell-idrac9' | 'dell-idrac9'
        'hpe-ilo5'    | 'hpe-ilo5'
        'supermicro'  | 'supermicro'
        'openbmc'     | 'openbmc'
    }

    def "the iLO 6 pose has the Manager and System of HPE's iLO 6 payload variants"() {
        given:
        def pose = Pose.of(profiles.named('hpe-ilo6').orElseThrow())
        def variants = REDFISH_FIXTURES.resolve('hpe-ilo5/_variants')
        def manager = new JsonSlurper().parse(variants.resolve('redfish__v1__Managers__1--ilo6-v1.66-DL380a-Gen11.json').toFile())
        def system = new JsonSlurper().parse(variants.resolve('redfish__v1__Systems__1--ilo6-DL380a-Gen11.json').toFile())

        expect:
        ['@odata.type', 'Model', 'FirmwareVersion', 'Name'].every { pose.manager()[it] == manager[it] }
        ['@odata.type', 'Model', 'Manufacturer', 'Name'].every { pose.system()[it] == system[it] }
        pose.resetTypes() == system.Actions.'#ComputerSystem.Reset'.'ResetType@Redfish.AllowableValues'
        pose.bootTargets() == system.Boot.'BootSourceOverrideTarget@Redfish.AllowableValues'
    }

    @Timeout(60)
    def "--vendor on the command line: run, discover and sandbox:SCENARIO?vendor= pose the built-in sandbox; a real target refuses it"() {
        when:
        def run = CliRun.of('run', SCRIPT, '--vendor', 'dell-idrac8', '--out', dir.resolve('out-cli').toString())
        def discover = CliRun.of('discover', '--scenario', 'healthy', '--vendor', 'hpe-ilo5', '--json')
        def byUri = CliRun.of('discover', '--console', 'sandbox:healthy?vendor=openbmc', '--json')
        def real = CliRun.of('discover', '--power', 'redfish+http://127.0.0.1:1', '--vendor', 'dell-idrac9')
        def unknown = CliRun.of('discover', '--vendor', 'acme-bmc')

        then:
        run.code == 0
        run.out.contains("sandbox 'no-boot-device' started posing as dell-idrac8 (Dell iDRAC 8)")
        run.out.contains('sandbox redfish (dell-idrac8): refused a PATCH naming BootSourceOverrideMode (400: read-only here)')
        run.out.contains('sandbox machine: power ForceOff')
        run.out.contains('sandbox machine: power On')
        run.out.contains('recovered: reached the login prompt')
        new JsonSlurper().parseText(discover.out).profile == 'hpe-ilo5'
        new JsonSlurper().parseText(discover.out).vendor == 'hpe'
        new JsonSlurper().parseText(byUri.out).profile == 'openbmc'
        real.code == 2
        real.err.contains('--vendor is for the sandbox')
        unknown.code == 2
        unknown.err.contains("no vendor profile 'acme-bmc'")
        unknown.err.contains('dell-idrac9')
    }

    private static HttpURLConnection post(String url, Map body) {
        def c = (HttpURLConnection) new URL(url).openConnection()
        c.requestMethod = 'POST'
        c.doOutput = true
        c.setRequestProperty('Content-Type', 'application/json')
        c.outputStream.withCloseable { it.write(JsonOutput.toJson(body).bytes) }
        c.responseCode
        c
    }

    private static HttpURLConnection open(String url, String token, String basic = null) {
        def c = (HttpURLConnection) new URL(url).openConnection()
        if (token) c.setRequestProperty('X-Auth-Token', token)
        if (basic) c.setRequestProperty('Authorization', 'Basic ' + basic.bytes.encodeBase64())
        c
    }
}
