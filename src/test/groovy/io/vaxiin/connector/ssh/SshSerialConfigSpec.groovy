package io.vaxiin.connector.ssh

import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Path

class SshSerialConfigSpec extends Specification {

    def "reads user, password, port, cli, known-hosts file and pinned keys from the URI"() {
        when:
        def c = SshSerialConfig.fromUri('ssh://admin:p%40ss@10.0.0.5:2222?cli=ilo&knownHosts=/etc/vaxiin/known_hosts'
                + '&hostKey=SHA256:mPtdTwltKxB0ncxp6jcavFrnwSDP/8CLLCKG/3HgriU').build()

        then:
        c.username() == 'admin'
        new String(c.password()) == 'p@ss'
        c.endpoint() == '10.0.0.5:2222'
        c.cli() == BmcCli.ILO
        c.knownHosts() == Path.of('/etc/vaxiin/known_hosts')
        c.hostKeyPins() == ['SHA256:mPtdTwltKxB0ncxp6jcavFrnwSDP/8CLLCKG/3HgriU']
        !c.toString().contains('p@ss')
    }

    @Unroll("#uri: port #port, cli #cli")
    def "the port follows the command line: 2200 for OpenBMC, else 22"() {
        when:
        def c = SshSerialConfig.fromUri(uri).password('x'.toCharArray()).build()

        then:
        c.port() == port
        c.cli() == cli

        where:
        uri                                || port | cli
        'ssh://root@bmc'                   || 22   | null
        'ssh://root@bmc?cli=openbmc'       || 2200 | BmcCli.OPENBMC
        'ssh://root@bmc:2201?cli=openbmc'  || 2201 | BmcCli.OPENBMC
        'ssh://root@[::1]?cli=xcc'         || 22   | BmcCli.XCC
    }

    @Unroll("#uri: #message")
    def "a wrong URI is one sentence that never repeats the password"() {
        when:
        SshSerialConfig.fromUri(uri).build()

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message
        !e.message.contains('hunter2')

        where:
        uri                                       || message
        'ssh://bmc'                               || 'an ssh:// URI needs a user: ssh://USER@HOST (or the inventory\'s credentials)'
        'ssh://root@bmc'                          || 'an SSH serial console needs a password: ssh://USER:env:NAME@HOST, ssh://USER:file:PATH@HOST or the inventory\'s credentials'
        'ssh://root:hunter2@bmc?cli=idrak'        || 'cli=idrak is not one of idrac, ilo, xcc, openbmc, none'
        'ssh://root:hunter2@bmc?hostKey=abc'      || 'hostKey=abc is not a SHA-256 key fingerprint (SHA256: and 43 base64 characters, as ssh-keygen -l prints it)'
        'ssh://root:hunter2@bmc?user=x'           || "an ssh:// URI does not know 'user' (cli=idrac|ilo|xcc|openbmc|none, knownHosts=PATH, hostKey=SHA256:…)"
        'ssh://root:hunter2@bmc/console'          || 'an ssh:// URI has no path or fragment: ssh://USER@HOST[:PORT][?cli=…&knownHosts=…&hostKey=…]'
    }

    @Unroll("#line is #cli")
    def "the command line is told by its prompt"() {
        expect:
        BmcCli.detect(line) == cli

        where:
        line              || cli
        '/admin1-> '      || BmcCli.IDRAC
        'racadm>>'        || BmcCli.IDRAC
        '</>hpiLO-> '     || BmcCli.ILO
        'system> '        || BmcCli.XCC
        'debian login: '  || null
    }
}
