package io.vaxiin.vendor

import io.vaxiin.connector.redfish.MockupServer
import io.vaxiin.connector.redfish.RedfishClient
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/**
 * The shipped vendor profiles load and are checked key by key; each real vendor payload in the
 * fixtures, served as is and read by the real Redfish client, is recognised as its profile.
 */
class VendorProfilesSpec extends Specification {

    @Shared VendorProfiles profiles = VendorProfiles.load(Path.of('lib/vendors'))
    Path dir = Files.createTempDirectory('profiles')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "the shipped profiles are the nine the fleet has, each with keys, consoles and a default user"() {
        expect:
        profiles.all()*.name() == ['dell-idrac8', 'dell-idrac9', 'generic-ipmi', 'hpe-ilo4', 'hpe-ilo5', 'hpe-ilo6', 'lenovo-xcc', 'openbmc', 'supermicro']
        profiles.all().every { it.keys().keySet() == ['setup', 'bootMenu', 'pxe'] as Set }
        profiles.all().every { !it.consoles().isEmpty() && it.consoles().last().kind() == 'sol' }
        profiles.all().every { it.defaultUser() }
        profiles.named('openbmc').get().consoles()*.describe() == ['websocket (/kvm/0)', 'ssh (port 2200)', 'sol']
        profiles.named('dell-idrac9').get().consoles()*.describe() == ['vnc (port 5901)', 'screenshot (dell-export)', 'ssh (connect com2)', 'sol']
    }

    @Unroll("#flavour is #expected")
    def "each vendor's real Redfish payloads, read by the client, are recognised as its profile"() {
        given:
        def server = new MockupServer(flavour)
        def client = RedfishClient.connect(server.config().build())

        when:
        def r = Recognition.of(profiles, Recognition.Facts.of(client.facts()))

        then:
        r.profile()?.name() == expected
        r.candidates().isEmpty()
        r.why() == why

        cleanup:
        client?.close()
        server?.close()

        where:
        flavour                  | expected      | why
        'dell-idrac9'            | 'dell-idrac9' | "manager model '14G Monolithic', firmware '7.00.00.172', vendor 'Dell Inc.'"
        'hpe-ilo5'               | 'hpe-ilo5'    | "manager model 'iLO 5', firmware 'iLO 5 v3.14', vendor 'HPE'"
        'supermicro'             | 'supermicro'  | "vendor 'Supermicro'"
        'openbmc'                | 'openbmc'     | "manager model 'OpenBmc'"
        'openbmc-nvidia-gb300'   | 'openbmc'     | "manager model 'OpenBmc'"
        'dmtf-public-rackmount1' | null          | 'no profile matches what the BMC said'
    }

    def "the iLO 6 variant payload is iLO 6; IPMI alone tells the vendor but not the generation; an unknown number is a plain IPMI BMC"() {
        given:
        def ilo6 = new groovy.json.JsonSlurper().parse(io.vaxiin.fixture.Fixtures.ROOT.resolve('redfish/hpe-ilo5/_variants/redfish__v1__Managers__1--ilo6-v1.66-DL380a-Gen11.json').toFile())

        expect:
        Recognition.of(profiles, new Recognition.Facts(null, 'HPE', ilo6.Model, ilo6.FirmwareVersion)).profile().name() == 'hpe-ilo6'
        with(Recognition.of(profiles, new Recognition.Facts(674, null, null, null))) {
            profile().vendor() == 'dell'
            candidates()*.name() == ['dell-idrac9']
        }
        Recognition.of(profiles, new Recognition.Facts(10876, null, null, null)).profile().name() == 'supermicro'
        Recognition.of(profiles, new Recognition.Facts(4242, null, null, null)).profile().name() == 'generic-ipmi'
    }

    def "a profile says how watch mode treats its BMCs: how many it recovers at once, and whether its console is kept or polled"() {
        given:
        def f = dir.resolve('acme.yaml')
        Files.writeString(f, 'name: acme\nvendor: acme\nwatch: { maxRecoveries: 3, look: poll }\n')
        def plain = dir.resolve('plain.yaml')
        Files.writeString(plain, 'name: plain\nvendor: plain\n')

        expect:
        VendorProfiles.read(f).watching() == new VendorProfile.Watching(3, true)
        VendorProfiles.read(plain).watching() == VendorProfile.Watching.DEFAULT
        profiles.named('hpe-ilo5').get().watching().poll()
        !profiles.named('dell-idrac9').get().watching().poll()
    }

    def "a wrong profile is one line naming the file, the line and the key"() {
        given:
        def f = dir.resolve('acme.yaml')
        Files.writeString(f, content)

        when:
        VendorProfiles.read(f)

        then:
        def e = thrown(VendorProfileException)
        e.message == "$f:$line: $message"

        where:
        content                                                                  | line | message
        'name: acme\nvendor: acme\ncolour: red\n'                                | 3    | 'unknown key \'colour\' in the profile (known: consoles, defaultUser, keys, match, name, redfish, title, vendor, watch)'
        'name: other\nvendor: acme\n'                                            | 1    | "name is 'other', but the file is acme.yaml: make them the same"
        'name: acme\nvendor: acme\nmatch:\n  managerModel: "(unclosed"\n'         | 4    | 'match.managerModel: /(unclosed/ is not a valid regular expression: Unclosed group'
        'name: acme\nvendor: acme\nkeys: { setup: F13 }\n'                       | 3    | "keys.setup: does not know the key 'F13'"
        'name: acme\nvendor: acme\nredfish: { auth: token }\n'                   | 3    | "redfish.auth is 'token'; write one of basic, session"
        'name: acme\nvendor: acme\nconsoles:\n  - kvm: {}\n'                     | 4    | 'unknown key \'kvm\' in a console path (known: screenshot, sol, ssh, vnc, websocket)'
        'name: acme\nvendor: acme\nvendor: again\n'                              | 3    | "'vendor' is given twice in the profile"
        'name: !!javax.script.ScriptEngineManager [x]\n'                          | 1    | 'not valid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager'
        'name: !vendor acme\nvendor: acme\n'                                    | 1    | 'YAML tags are not allowed here (!vendor)'
        'name: acme\nvendor: acme\nwatch: { look: sometimes }\n'                | 3    | "watch.look is 'sometimes'; write one of keep, poll"
        'name: acme\nvendor: acme\nwatch:\n  maxRecoveries: 0\n'               | 4    | "watch.maxRecoveries is '0'; write a whole number of 1 or more"
        'name: acme\nvendor: acme\nwatch:\n  maxRecoveries: two\n'             | 4    | "watch.maxRecoveries is 'two'; write a whole number of 1 or more"
        'name: acme\nvendor: acme\nwatch: { sessions: 2 }\n'                    | 3    | "unknown key 'sessions' in watch (known: look, maxRecoveries)"
    }
}
