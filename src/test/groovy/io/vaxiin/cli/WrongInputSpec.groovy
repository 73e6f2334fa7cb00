package io.vaxiin.cli

import io.vaxiin.fixture.CliRun
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** Inputs that used to crash or mislead: each gets its one line and exit code 2. */
class WrongInputSpec extends Specification {

    Path dir = Files.createTempDirectory('wrong-input')

    Path file(String name, String text) {
        Path f = dir.resolve(name)
        f.toFile().text = text
        f
    }

    def "@Grab is a compile error, and check goes on to the files after it"() {
        given:
        file('a-grab.groovy', "@Grab('org.example:evil:1.0')\nimport groovy.json.JsonOutput\nlog 'x'\n")
        file('b-fine.groovy', "when screen =~ /x/ then done 'x'\n")
        file('c-typo.groovy', "typ 'y'\n")

        when:
        def run = CliRun.of('check', dir.toString())

        then:
        run.code == 2
        run.out.readLines().findAll { it.contains('.groovy:') }*.replaceFirst(/^.*\//, '') == [
                "a-grab.groovy:1:1: annotations such as @Grab are not allowed in a recovery script: they change how Groovy compiles it, and run code while it is checked",
                "c-typo.groovy:1:1: 'typ' is not a word of the DSL; did you mean 'type'?"]
        run.out.readLines().last() == 'check: 2 errors in 2 of 3 scripts'
        run.err.isEmpty()
    }

    def "a script named after a Java keyword, or an empty one, fails check instead of run"() {
        when:
        def run = CliRun.of('check', file('int.groovy', "log 'x'\n").toString(), file('empty.groovy', "// nothing yet\n").toString())

        then:
        run.code == 2
        run.out.readLines()[0].endsWith("int.groovy:1:1: a script's file name must start with a letter and not be a Java keyword ('int'): Groovy names the script's class after it; rename the file")
        run.out.readLines()[1].endsWith('empty.groovy:1:1: the script is empty: write at least one rule (when screen =~ /…/ then …) or step')
    }

    def "a folder given as the script or the image is named as a folder"() {
        expect:
        CliRun.of('run', dir.toString()).with { code == 2 && err == "vaxiin: run: $dir is a folder; give one script (vaxiin check takes folders)\n".toString() }
        CliRun.of('screen', '--image', dir.toString()).with { code == 2 && err == "vaxiin: screen: $dir is a folder, not an image\n".toString() }
    }
}
