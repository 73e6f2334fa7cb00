package io.vaxiin.repl

import org.jline.reader.LineReader
import org.jline.reader.LineReaderBuilder
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Instant

class ReplHistorySpec extends Specification {

    @TempDir Path dir

    def terminal = new DumbTerminal('test', 'dumb', new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), StandardCharsets.UTF_8)

    def cleanup() {
        terminal.close()
    }

    ReplHistory attached(Path file) {
        def history = new ReplHistory(file, { String line -> line.contains('hunter2') })
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).history(history).build()
        history.attach(reader)
        history
    }

    static String mode(Path p) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
    }

    @Unroll("#line is kept as #kept")
    def "the password of a URI is masked, a reference to one is kept"() {
        expect:
        ReplHistory.mask(line) == kept

        where:
        line                                                  || kept
        ':connect vnc://:pw@10.0.0.5'                          || ':connect vnc://:***@10.0.0.5'
        ':connect ipmi://user:pw@bmc-3'                        || ':connect ipmi://user:***@bmc-3'
        ':connect redfish://admin:p@ss:w0rd@bmc-3:8443'        || ':connect redfish://admin:***@bmc-3:8443'
        ':connect ipmi://admin:env:BMC_PW@bmc-3'               || ':connect ipmi://admin:env:BMC_PW@bmc-3'
        ':connect redfish://admin:file:/run/secrets/bmc@bmc-3' || ':connect redfish://admin:file:/run/secrets/bmc@bmc-3'
        ':connect ws://admin@kvm:8080/console'                 || ':connect ws://admin@kvm:8080/console'
        ':connect web-01'                                      || ':connect web-01'
        "http.get 'https://bot:tok3n@hooks.example/x'"         || "http.get 'https://bot:***@hooks.example/x'"
        "type 'a:b@c'"                                         || "type 'a:b@c'"
    }

    def "keeps lines, masks URIs, and skips every line that holds a secret"() {
        given:
        def file = dir.resolve('.vaxiin/history')
        def history = attached(file)

        when:
        history.add(Instant.now(), "press 'F1'")
        history.add(Instant.now(), "type 'hunter2\\n'")
        history.add(Instant.now(), ':connect vnc://:pw@10.0.0.5')
        history.add(Instant.now(), "waitFor {\n  screen =~ /login:/\n}")
        history.save()

        then:
        history.collect { it.line() } == ["press 'F1'", ':connect vnc://:***@10.0.0.5', "waitFor {\n  screen =~ /login:/\n}"]
        !file.toFile().text.contains('hunter2')
        !file.toFile().text.contains(':pw@')

        when: 'the history is read again'
        def again = attached(file)

        then:
        again.collect { it.line() } == ["press 'F1'", ':connect vnc://:***@10.0.0.5', "waitFor {\n  screen =~ /login:/\n}"]
    }

    def "the file is its owner's only, and so is the folder made for it"() {
        given:
        def file = dir.resolve('home/.vaxiin/history')

        when:
        def history = attached(file)

        then:
        Files.exists(file)
        mode(file) == 'rw-------'
        mode(file.parent) == 'rwx------'
        mode(file.parent.parent) == 'rwx------'

        when: 'DefaultHistory rewrites the file, which it would create anew'
        history.add(Instant.now(), "press 'F2'")
        history.write(null, false)

        then:
        mode(file) == 'rw-------'
        file.toFile().text.contains("press 'F2'")
    }

    def "a history file left readable by others is made owner-only"() {
        given:
        def file = dir.resolve('history')
        file.toFile().text = ''
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString('rw-r--r--'))

        when:
        attached(file).save()

        then:
        mode(file) == 'rw-------'
    }

    def "a line holding a secret in an old history file is not read back"() {
        given:
        def file = dir.resolve('history')
        file.toFile().text = "1700000000000:type 'hunter2'\n1700000000001:press 'F1'\n1700000000002::connect ipmi://u:pw@h\n"

        expect:
        attached(file).collect { it.line() } == ["press 'F1'", ':connect ipmi://u:***@h']
    }
}
