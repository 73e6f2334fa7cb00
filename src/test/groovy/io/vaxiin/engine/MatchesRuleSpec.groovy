package io.vaxiin.engine

import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.Fixtures
import io.vaxiin.fixture.ScriptedConsole
import spock.lang.Shared
import spock.lang.Specification

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.file.Files

/** {@code matches} in rules and waits, against scripted screens that are real screenshots. */
class MatchesRuleSpec extends Specification {

    @Shared BufferedImage stopScreen = ImageIO.read(Fixtures.ROOT.resolve('screens/x11/bsod-dejavusans.png').toFile())

    Dsl dsl = new Dsl()

    def setup() {
        // The needle lives beside the script, as in a recovery repository: needles/frown.png
        Files.createDirectories(dsl.dir.resolve('needles'))
        ImageIO.write(stopScreen.getSubimage(96, 110, 90, 125), 'png', dsl.dir.resolve('needles/frown.png').toFile())
    }

    /** The stop screen with its frown turned into a smile: the "(" mirrored. */
    BufferedImage smiling() {
        def image = new BufferedImage(stopScreen.width, stopScreen.height, BufferedImage.TYPE_INT_RGB)
        image.createGraphics().with { drawImage(stopScreen, 0, 0, null); dispose() }
        for (int y = 110; y < 235; y++) {
            for (int x = 140; x < 180; x++) image.setRGB(x, y, stopScreen.getRGB(140 + 179 - x, y))
        }
        image
    }

    def "when matches('needles/frown.png') then … fires only when the frown is on the screen"() {
        given: 'a machine that shows a smiling screen, then the stop screen, and restarts to a login'
        def console = new ScriptedConsole()
        console.show(smiling(), 'All is well')
        console.onInput('<.*>') { console.show('debian login:') }

        when:
        def later = Thread.start {
            sleep 400
            assert console.input.isEmpty() // the smile is not the frown
            console.show(stopScreen, 'Your PC ran into a problem')
        }
        def result = dsl.run('''
            recovery 'stop screen', timeout: 20.seconds
            when matches('needles/frown.png') then press 'ctrl-alt-delete'
            when screen =~ /login:/ then done 'restarted'
        ''', console)
        later.join()

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input.size() == 1
        dsl.log.findAll { it.startsWith('matches ') || it.startsWith('rule ') } == [
                "matches 'needles/frown.png': found at (96, 110) 90×125, score 1.000",
                "rule 'matches('needles/frown.png')' (spec.groovy, line 3) fired (1/5): press 'ctrl-alt-delete'",
                "rule 'screen =~ /login:/' (spec.groovy, line 4) fired (1/5): done 'restarted'"]
    }

    def "waitFor { matches(…) } waits for the needle, searching only the region given"() {
        given:
        def console = new ScriptedConsole('Booting')

        when:
        def later = Thread.start {
            sleep 300
            console.show(stopScreen, 'Your PC ran into a problem')
        }
        def result = dsl.run('''
            waitFor(timeout: 10.seconds) { matches('needles/frown.png', region: [0, 0, 400, 300], threshold: 0.99) }
            done 'saw it'
        ''', console)
        later.join()

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        dsl.log.contains("matches 'needles/frown.png': found at (96, 110) 90×125, score 1.000")
    }

    def "a region without the needle, or a screen smaller than the needle, does not match"() {
        given:
        def console = new ScriptedConsole()
        console.show(stopScreen, 'Your PC ran into a problem')

        when:
        def result = dsl.run('''
            recovery 'x', timeout: 3.seconds
            if (matches('needles/frown.png', region: [300, 0, 724, 768])) fail 'found where it is not'
            waitFor(timeout: 1.seconds) { matches('needles/frown.png', exclude: [[40, 0, 50, 125]]) }
            done 'ok'
        ''', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED

        when: 'the 8×8 screen of a text console'
        result = dsl.run("if (matches('needles/frown.png')) fail 'found'\ndone 'not found'", new ScriptedConsole('text'))

        then:
        result.message() == 'not found'
    }

    def "a needle file broken after the check ends the run as a script error naming the needle and the line"() {
        given:
        def compiled = dsl.compile("when matches('needles/frown.png') then done 'x'")
        Files.write(dsl.dir.resolve('needles/frown.png'), 'not a PNG at all'.bytes)

        when:
        def result = new Runner(dsl.compiler).run(compiled, dsl.session(new ScriptedConsole('text')).build())

        then:
        result.outcome() == RunResult.Outcome.SCRIPT_ERROR
        result.location() == '(spec.groovy, line 1)'
        result.message() == "matches 'needles/frown.png': ${dsl.dir.resolve('needles/frown.png')} is not a PNG/JPEG image (unknown format)".toString()
    }
}
