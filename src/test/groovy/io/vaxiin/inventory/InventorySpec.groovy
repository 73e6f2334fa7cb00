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
        'unknown key'      | 'servers:\n  web-01:\n    consol: vnc://h\n'                                         || "3: unknown key 'consol' in server 'web-01' (known: console, credentials, labels, model, power, profile, serial, tlsFingerprint, vendor)"
        'bad URI scheme'   | 'servers:\n  web-01:\n    console: http://h\n'                                       || "3: server 'web-01': console 'http://h' must start with one of sandbox:, screenshot+http:, screenshot+https:, vnc:, ws:, wss:"
        'literal password' | 'credentials:\n  lab: { username: a, password: hunter2 }\n'                            || "2: credentials 'lab': a password is written env:NAME or file:PATH, never as the password itself"
        'unknown creds'    | 'servers:\n  a:\n    power: redfish://h\n    credentials: nope\n'                    || "4: server 'a' refers to credentials 'nope', which are not defined (defined: none)"
        'top-level typo'   | 'server:\n  a: {}\n'                                                                   || "1: unknown key 'server' in the inventory (known: credentials, defaults, servers)"
        'bad fingerprint'  | 'servers:\n  a:\n    power: redfish://h\n    tlsFingerprint: abc\n'                   || "4: server 'a': tlsFingerprint is a SHA-256 fingerprint, 64 hex digits (colons allowed)"
        'duplicate key'    | 'servers:\n  a:\n    power: redfish://h\n    power: redfish://i\n'                    || "4: duplicate key 'power' in server 'a'"
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
