package io.vaxiin.sandbox

import groovy.json.JsonSlurper
import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.SandboxProcess
import spock.lang.Timeout
import spock.lang.Specification

/**
 * `vaxiin sandbox --vendor PROFILE` as a person starts it: the banner says which profile its BMC
 * poses as and with which IPMI manufacturer number, and `discover` over the inventory it wrote
 * recognises that profile, over Redfish and over IPMI; a plain IPMI pose says it has no Redfish;
 * a profile that is not there is named with the ones that are.
 */
@Timeout(120)
class SandboxVendorSpec extends Specification {

    def "--vendor dell-idrac9: the banner names the pose, and discover recognises it over Redfish and over IPMI"() {
        given:
        def sandbox = new SandboxProcess(['--vendor', 'dell-idrac9'])

        when:
        def redfish = CliRun.of('discover', '--inventory', sandbox.inventory().toString(), '--target', 'sandbox', '--json')
        def ipmi = CliRun.of('discover', '--inventory', sandbox.inventory().toString(), '--target', 'sandbox-ipmi', '--json')
        def overRedfish = new JsonSlurper().parseText(redfish.out)
        def overIpmi = new JsonSlurper().parseText(ipmi.out)

        then:
        sandbox.printed[0] == "sandbox 'healthy' is running, posing as dell-idrac9 (Dell iDRAC 9, IPMI manufacturer 674) (Ctrl-C stops it)"
        sandbox.printed.find { it.startsWith('  power:') }.contains('redfish+http://127.0.0.1:')
        redfish.code == 0
        overRedfish.profile == 'dell-idrac9'
        overRedfish.model == 'PowerEdge R640'
        ipmi.code == 0
        overIpmi.manufacturerId == 674
        overIpmi.profile.startsWith('dell-idrac')

        cleanup:
        sandbox?.close()
    }

    def "--vendor generic-ipmi: a plain IPMI BMC, no Redfish, and discover over IPMI calls it that"() {
        given:
        def sandbox = new SandboxProcess(['--vendor', 'generic-ipmi', '--scenario', 'no-boot-device'])

        when:
        def ipmi = CliRun.of('discover', '--inventory', sandbox.inventory().toString(), '--target', 'sandbox-ipmi', '--json')
        def found = new JsonSlurper().parseText(ipmi.out)

        then:
        sandbox.printed[0].startsWith("sandbox 'no-boot-device' is running, posing as generic-ipmi (a plain IPMI BMC, IPMI manufacturer ")
        sandbox.printed.find { it.startsWith('  power:') }.contains('no Redfish (a plain IPMI BMC): use ipmi below')
        sandbox.printed.find { it.startsWith('  try:') }.contains('dsl-examples/no-boot-device.groovy')
        ipmi.code == 0
        found.profile == 'generic-ipmi'

        cleanup:
        sandbox?.close()
    }

    def "a profile that is not in lib/vendors is named with the ones that are (exit 2)"() {
        when:
        def run = CliRun.of('sandbox', '--vendor', 'dell-idrac7')

        then:
        run.code == 2
        run.err.readLines().size() == 1
        run.err.startsWith("vaxiin: sandbox: no vendor profile 'dell-idrac7' (profiles: ")
        run.err.contains('dell-idrac9') && run.err.contains('generic-ipmi')
    }
}
