package io.vaxiin.connector.redfish

import io.vaxiin.connector.Boot
import io.vaxiin.connector.Power
import java.time.Duration
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

/**
 * The client against real vendor payloads (shared/fixtures/redfish), each tree served as is.
 * Expected values were read from the fixture files by hand.
 */
@Timeout(30)
class RedfishVendorMockupSpec extends Specification {

    static final List<String> DMTF_RESETS = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn', 'PushPowerButton']
    static final List<String> DELL_RESETS = ['On', 'ForceOff', 'ForceRestart', 'GracefulRestart', 'GracefulShutdown', 'PushPowerButton', 'Nmi', 'PowerCycle']
    static final List<String> HPE_RESETS = ['On', 'ForceOff', 'GracefulShutdown', 'ForceRestart', 'Nmi', 'PushPowerButton', 'GracefulRestart']
    // Supermicro lists 'GracefulShutdownGracefulRestart' (a missing separator): read as both.
    static final List<String> SMC_RESETS = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn']
    static final List<String> OPENBMC_RESETS = ['On', 'ForceOff', 'ForceOn', 'ForceRestart', 'GracefulRestart', 'GracefulShutdown', 'PowerCycle', 'Nmi']

    static final List<String> DMTF_BOOT = ['None', 'Pxe', 'Cd', 'Usb', 'Hdd', 'BiosSetup', 'Utilities', 'Diags', 'SDCard', 'UefiTarget']
    static final List<String> DELL_BOOT = ['None', 'Pxe', 'Floppy', 'Cd', 'Hdd', 'BiosSetup', 'Utilities', 'UefiTarget', 'SDCard', 'UefiHttp']
    static final List<String> HPE_BOOT = ['None', 'Cd', 'Hdd', 'Usb', 'SDCard', 'Utilities', 'Diags', 'BiosSetup', 'Pxe', 'UefiShell', 'UefiHttp', 'UefiTarget']
    static final List<String> SMC_BOOT = ['None', 'Pxe', 'Floppy', 'Cd', 'Usb', 'Hdd', 'BiosSetup', 'UsbCd', 'UefiBootNext', 'UefiHttp']
    static final List<String> OPENBMC_BOOT = ['None', 'Pxe', 'Hdd', 'Cd', 'Diags', 'BiosSetup', 'Usb']

    @Unroll("#flavour: finds #system, its resets (#source) and boot targets")
    def "the client discovers each vendor's system, manager, reset types and boot targets"() {
        given:
        def server = new MockupServer(flavour)

        when:
        def client = RedfishClient.connect(server.config().build())
        def facts = client.facts()

        then:
        facts.system() == system
        facts.manager() == manager
        facts.vendor() == vendor
        facts.manufacturer() == manufacturer
        facts.model() == model
        facts.serialNumber() == serial
        facts.managerModel() == managerModel
        facts.firmwareVersion() == firmware
        facts.resetTypes() == resets
        facts.resetTypesSource() == source
        facts.bootTargets() == bootTargets
        facts.sessions()
        client.current() == current
        client.state() == state
        client.supported() == EnumSet.allOf(Power.Action)
        server.requests.findAll { it.path != '/redfish/v1' && !(it.method == 'POST' && it.path.contains('Sessions')) }
                .every { it.auth == 'token' }

        when:
        client.close()

        then:
        server.requests('DELETE').size() == 1
        server.tokens.isEmpty()

        cleanup:
        server?.close()

        where:
        flavour                  | system                                  | manager                                 | vendor       | manufacturer | model                                    | serial            | managerModel     | firmware                       | resets                                    | source       | bootTargets  | current                                  | state
        'dmtf-public-rackmount1' | '/redfish/v1/Systems/437XR1138R2'       | '/redfish/v1/Managers/BMC'              | 'contoso'    | 'Contoso'    | '3500'                                   | '437XR1138R2'     | 'Joo Janta 200'  | '1.45.455b66-rev4'             | DMTF_RESETS                               | 'inline'     | DMTF_BOOT    | new Boot.Setting(Boot.Device.PXE, true)  | Power.State.ON
        'dell-idrac9'            | '/redfish/v1/Systems/System.Embedded.1' | '/redfish/v1/Managers/iDRAC.Embedded.1' | 'dell'       | 'Dell Inc.'  | 'PowerEdge R640'                         | 'CNIVC008350990'  | '14G Monolithic' | '7.00.00.172'                  | DELL_RESETS                               | 'inline'     | DELL_BOOT    | new Boot.Setting(Boot.Device.NONE, false) | Power.State.ON
        'hpe-ilo5'               | '/redfish/v1/Systems/1'                 | '/redfish/v1/Managers/1'                | 'hpe'        | 'HPE'        | 'ProLiant DL365 Gen10 Plus -- SIMULATED' | 'MXQ2370DLQ'      | 'iLO 5'          | 'iLO 5 v3.14'                  | HPE_RESETS                                | 'inline'     | HPE_BOOT     | new Boot.Setting(Boot.Device.NONE, false) | Power.State.ON
        'supermicro'             | '/redfish/v1/Systems/1'                 | '/redfish/v1/Managers/1'                | 'supermicro' | 'Supermicro' | 'SYS-510T-MR-EI018'                      | 'S482931X2814218' | 'SYS-XXX-TEST'   | '01.04.08'                     | SMC_RESETS                                | 'inline'     | SMC_BOOT     | new Boot.Setting(Boot.Device.DISK, false) | Power.State.ON
        'openbmc'                | '/redfish/v1/Systems/system'            | '/redfish/v1/Managers/bmc'              | 'openbmc'    | null         | null                                     | null              | 'OpenBmc'        | '2.15.0-dev-686-g100c36de90'   | OPENBMC_RESETS                            | 'ActionInfo' | OPENBMC_BOOT | new Boot.Setting(Boot.Device.NONE, false) | Power.State.OFF
        'openbmc-nvidia-gb300'   | '/redfish/v1/Systems/System_0'          | '/redfish/v1/Managers/BMC_0'            | 'supermicro' | 'Supermicro' | 'GB NVL'                                 | 'S964512X5913271' | 'OpenBmc'        | '70.01.00.09'                  | RedfishClient.STANDARD_RESET_TYPES        | 'assumed'    | OPENBMC_BOOT | new Boot.Setting(Boot.Device.NONE, false) | Power.State.ON
    }

    @Unroll("#flavour: power '#action' posts #posted to #target")
    def "the client posts only allowed ResetTypes to each vendor's Reset target and verifies the state"() {
        given:
        def server = new MockupServer(flavour)
        def client = RedfishClient.connect(server.config().build())

        when:
        client.power(action, Duration.ofSeconds(2))

        then:
        def posts = server.requests('POST').findAll { it.path.endsWith('ComputerSystem.Reset') }
        posts*.path.every { it == target }
        posts*.body*.ResetType == posted
        posts*.auth.every { it == 'token' }
        client.state() == after

        cleanup:
        client?.close()
        server?.close()

        where:
        flavour                  | action             || posted                  | after
        'dmtf-public-rackmount1' | Power.Action.OFF   || ['ForceOff']            | Power.State.OFF
        'dmtf-public-rackmount1' | Power.Action.CYCLE || ['ForceOff', 'On']      | Power.State.ON
        'dell-idrac9'            | Power.Action.CYCLE || ['PowerCycle']          | Power.State.ON
        'dell-idrac9'            | Power.Action.SOFT  || ['GracefulShutdown']    | Power.State.OFF
        'hpe-ilo5'               | Power.Action.RESET || ['ForceRestart']        | Power.State.ON
        'hpe-ilo5'               | Power.Action.CYCLE || ['ForceOff', 'On']      | Power.State.ON
        'supermicro'             | Power.Action.SOFT  || ['GracefulShutdown']    | Power.State.OFF
        'openbmc'                | Power.Action.ON    || ['On']                  | Power.State.ON
        'openbmc'                | Power.Action.OFF   || []                      | Power.State.OFF
        'openbmc-nvidia-gb300'   | Power.Action.CYCLE || ['ForceOff', 'On']      | Power.State.ON
        target = targetOf(flavour)
    }

    static String targetOf(String flavour) {
        [
                'dmtf-public-rackmount1': '/redfish/v1/Systems/437XR1138R2/Actions/ComputerSystem.Reset',
                'dell-idrac9'           : '/redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset',
                'hpe-ilo5'              : '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset',
                'supermicro'            : '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset',
                'openbmc'               : '/redfish/v1/Systems/system/Actions/ComputerSystem.Reset',
                'openbmc-nvidia-gb300'  : '/redfish/v1/Systems/System_0/Actions/ComputerSystem.Reset',
        ][flavour]
    }

    @Unroll("#flavour: boot 'pxe' once is PATCHed #ifMatchText, the mode it reports (#mode) sent back, and read back")
    def "the client sets a one-time PXE boot on each vendor, with If-Match where the system has an ETag and the boot mode where it reports one"() {
        given:
        def server = new MockupServer(flavour)
        def client = RedfishClient.connect(server.config().build())

        when:
        client.boot(Boot.Device.PXE, true, Duration.ofSeconds(2))

        then:
        def patch = server.requests('PATCH').first()
        patch.body == [Boot: [BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once'] + (mode ? [BootSourceOverrideMode: mode] : [:])]
        patch.ifMatch == ifMatch
        client.current() == new Boot.Setting(Boot.Device.PXE, true)

        cleanup:
        client?.close()
        server?.close()

        where:
        flavour                  || ifMatch                               | mode
        'dmtf-public-rackmount1' || null                                  | 'UEFI'
        'dell-idrac9'            || null                                  | 'UEFI'
        'hpe-ilo5'               || 'W/"7A60FCF2"'                        | 'UEFI'
        'supermicro'             || '"27ffd39c216000b3013c84008394dffd"'  | 'UEFI'
        'openbmc'                || null                                  | 'UEFI'
        'openbmc-nvidia-gb300'   || null                                  | null
        ifMatchText = ifMatch ? 'with If-Match' : 'without If-Match'
    }

    def "a BMC that refuses to make sessions is used with HTTP Basic"() {
        given:
        def server = new MockupServer('hpe-ilo5')
        server.sessions = false

        when:
        def client = RedfishClient.connect(server.config().build())
        client.power(Power.Action.OFF, Duration.ofSeconds(2))
        client.close()

        then:
        !client.facts().sessions()
        client.toString().contains('basic auth')
        server.requests.findAll { it.path != '/redfish/v1' && it.method != 'POST' || it.path.endsWith('Reset') }.every { it.auth == 'basic' }
        server.requests('DELETE').isEmpty()

        cleanup:
        server?.close()
    }

    def "sessions can be turned off in the config"() {
        given:
        def server = new MockupServer('dell-idrac9')

        when:
        def client = RedfishClient.connect(server.config().sessions(false).build())

        then:
        !client.facts().sessions()
        server.requests('POST').isEmpty()
        client.state() == Power.State.ON

        cleanup:
        client?.close()
        server?.close()
    }
}
