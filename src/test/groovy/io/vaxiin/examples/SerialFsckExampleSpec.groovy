package io.vaxiin.examples

import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.connector.serial.SerialRig
import io.vaxiin.fixture.CliRun
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * dsl-examples/serial-fsck.groovy against a real e2fsck on a really damaged file system, asking
 * on a pty served over TCP by socat, as a terminal server serves a server's serial port; the
 * "boot" goes on to a login prompt after fsck, as a real one does.
 */
class SerialFsckExampleSpec extends Specification {

    Path dir = Files.createTempDirectory('serial-fsck')

    private int run(String... command) {
        def p = new ProcessBuilder(command as List<String>).directory(dir.toFile()).redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor()
    }

    def "vaxiin run serial-fsck.groovy --serial tcp://… answers e2fsck's question over the serial line and ends at the login prompt"() {
        given: 'an image whose root directory has a wrong link count, so e2fsck asks Fix<y>?'
        RfbRig.require('e2fsck')
        run('mkfs.ext4', '-q', '-F', '-b', '1024', 'img', '4M')
        run('debugfs', '-w', '-R', 'sif <2> links_count 7', 'img')
        assert run('e2fsck', '-fn', 'img') != 0
        def boot = dir.resolve('boot.sh')
        Files.writeString(boot, '#!/bin/sh\ne2fsck -f img\necho\nprintf "debian login: "\nsleep 60\n')
        boot.toFile().setExecutable(true)
        int port = RfbRig.freePort()
        def socat = SerialRig.socat(port, boot.toString(), dir)

        when:
        def result = CliRun.of('run', 'dsl-examples/serial-fsck.groovy', '--serial', "tcp://127.0.0.1:$port", '--out', dir.resolve('out').toString())

        then:
        result.code == 0
        result.out.contains("rule 'serial =~ /<y>\\?\\s*\$/' (serial-fsck.groovy, line 14) fired (1/20)")
        result.out.contains("type 'y' (serial)")
        result.out.contains('recovered: reached the login prompt')
        Files.readString(dir.resolve('out/serial.txt')).contains('FILE SYSTEM WAS MODIFIED')

        and: 'e2fsck really repaired it'
        run('e2fsck', '-fn', 'img') == 0

        cleanup:
        SerialRig.stop(socat, port)
        dir.toFile().deleteDir()
    }
}
