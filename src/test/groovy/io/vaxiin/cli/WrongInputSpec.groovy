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

    def "a script named after a Java keyword or a word of the DSL is checked like any other; an empty one fails check instead of run"() {
        when:
        def run = CliRun.of('check', file('int.groovy', "log 'x'\n").toString(),
                file('serial.groovy', "when serial =~ /Password: /, maxFires: 1 then { serial.type(params.password + '\\n') }\nwaitFor(serial: /x/)\n").toString(),
                file('screen.groovy', "when screen =~ /x/ then { type 'y' }\nlog screen.line(1)\n").toString(),
                file('params.groovy', "log params.who\n").toString(),
                file('empty.groovy', "// nothing yet\n").toString())

        then:
        run.code == 2
        run.out.readLines().findAll { it.contains('.groovy:') }*.replaceFirst(/^\S*\//, '') ==
                ['empty.groovy:1:1: the script is empty: write at least one rule (when screen =~ /…/ then …) or step']
        run.out.readLines().last() == 'check: 1 error in 1 of 5 scripts'
    }

    def "a script named serial.groovy runs, and its errors name its file and line"() {
        given:
        def script = file('serial.groovy', "recovery 'serial named', timeout: 20.seconds\nlog 'start'\nfail 'stop here'\n")

        when:
        def run = CliRun.of('run', script.toString(), '--scenario', 'healthy', '--out', dir.resolve('serial-run').toString())

        then:
        run.code == 1
        (run.out + run.err).contains('(serial.groovy, line 3)')
        !(run.out + run.err).contains('vaxiin_')
    }

    def "a folder given as the script or the image is named as a folder"() {
        expect:
        CliRun.of('run', dir.toString()).with { code == 2 && err == "vaxiin: run: $dir is a folder; give one script (vaxiin check takes folders)\n".toString() }
        CliRun.of('screen', '--image', dir.toString()).with { code == 2 && err == "vaxiin: screen: $dir is a folder, not an image\n".toString() }
    }
}
