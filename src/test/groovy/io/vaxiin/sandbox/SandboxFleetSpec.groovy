package io.vaxiin.sandbox

import io.vaxiin.connector.rfb.RfbConfig
import io.vaxiin.connector.rfb.RfbConsole
import io.vaxiin.inventory.Inventory
import io.vaxiin.vision.ConsoleReader
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermission
import java.time.Duration

/**
 * Many machines in one process (bin/bench watch's fleet): each its own console and BMC, all on
 * one thread; one that breaks down comes up with its fault, the others go on untouched.
 */
@Timeout(60)
class SandboxFleetSpec extends Specification {

    static String screen(RfbConsole console, ConsoleReader reader, String regex) {
        long deadline = System.currentTimeMillis() + 15_000
        String text = ''
        while (System.currentTimeMillis() < deadline) {
            text = reader.read(console.frame(Duration.ofSeconds(5)).image()).toString()
            if (text =~ regex) return text
            sleep 50
        }
        throw new AssertionError("no /${regex}/ on the screen:\n" + text)
    }

    def "three machines boot to their login prompts; one broken down asks fsck's question, its neighbours stay at the prompt"() {
        given:
        def dir = Files.createTempDirectory('fleet')
        def events = Collections.synchronizedList([])
        def fleet = SandboxFleet.start(3, Scenario.HEALTHY, 0.2, { events << it })
        def members = fleet.members()
        def consoles = members.collect { RfbConsole.connect(RfbConfig.fromUri(it.consoleUri()).build()) }
        def reader = new ConsoleReader()

        when:
        consoles.each { screen(it, reader, /sandbox login:/) }
        members[1].machine().breakDown(Scenario.FSCK)

        then:
        screen(consoles[1], new ConsoleReader(), /Clear<y>\?/)
        [0, 2].every { members[it].machine().phase() == Machine.Phase.LOGIN }
        events.findAll { it.contains('breaks down') } == ['sim-0002: breaks down: fsck']

        when: 'the inventory names each one, and the password is a file only its owner reads'
        fleet.writeInventory(dir.resolve('fleet.yaml'), dir.resolve('bmc-password'))
        def inventory = Inventory.load(dir.resolve('fleet.yaml'))

        then:
        inventory.servers().keySet() == ['sim-0001', 'sim-0002', 'sim-0003'] as Set
        inventory.servers()['sim-0003'].console() == members[2].consoleUri()
        Files.getPosixFilePermissions(dir.resolve('bmc-password')) == [PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE] as Set
        !Files.readString(dir.resolve('fleet.yaml')).contains(Files.readString(dir.resolve('bmc-password')))

        cleanup:
        consoles*.close()
        fleet?.close()
        dir?.toFile()?.deleteDir()
    }

    def "a machine that relapses asks fsck's question again after each repair reaches its login prompt"() {
        given:
        def machine = new Machine(Scenario.FSCK, 0.2).relapse(1000)
        def sandboxEvents = []
        machine.events { sandboxEvents << it }

        when:
        machine.powerOn()
        long deadline = System.currentTimeMillis() + 15_000
        int repaired = 0
        while (repaired < 2 && System.currentTimeMillis() < deadline) {
            if (machine.phase() == Machine.Phase.FSCK) {
                machine.key('y' as char as int, true)
                machine.key('y' as char as int, false)
            }
            if (machine.phase() == Machine.Phase.LOGIN && sandboxEvents.count { it.startsWith('breaks down') } == repaired) repaired++
            sleep 20
        }
        while (sandboxEvents.count { it.startsWith('breaks down') } < 2 && System.currentTimeMillis() < deadline) sleep 20

        then:
        repaired == 2
        sandboxEvents.count { it == 'breaks down: fsck' } == 2

        cleanup:
        machine.close()
    }
}
