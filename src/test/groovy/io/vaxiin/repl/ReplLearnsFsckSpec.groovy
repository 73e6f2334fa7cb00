package io.vaxiin.repl

import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * The recorder generalises: a person answers a real e2fsck (an xterm on Xvnc) about damaged
 * image A by hand in `vaxiin repl` with :record on and saves; the saved script, run by
 * `vaxiin run`, then repairs image B, whose questions name other inodes and counters and ask in
 * other words (A: ref count, unattached inode, free blocks; B: dtime, i_size, free inodes).
 */
@Timeout(300)
class ReplLearnsFsckSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('repl-learns')
    @Shared Path home = Files.createDirectories(dir.resolve('home'))
    List<FsckXterm> rigs = []
    ReplInTmux repl

    def setupSpec() {
        io.vaxiin.connector.rfb.RfbRig.require('tmux')
    }

    def cleanup() {
        repl?.kill()
        rigs*.stop()
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    FsckXterm rig(FsckImages image) {
        def folder = Files.createDirectories(dir.resolve(image.name()))
        def rig = FsckXterm.start(image.make(folder), folder)
        rigs << rig
        rig
    }

    def "a session recorded on e2fsck of image A, saved and run, repairs image B"() {
        given:
        def a = rig(FsckImages.A)
        def saved = dir.resolve('fsck-learned.groovy')
        repl = ReplInTmux.start('learn', dir, home, ['--console', a.uri, '--out', dir.resolve('repl-out').toString()])

        when: 'a person looks, answers each question with y as it comes, and saves at the login prompt'
        repl.enter(':record')
        int answered = 0
        for (int look = 0; look < 120; look++) {
            String last = repl.lastLine()
            if (last ==~ /.*login:\s*/) break
            if (last ==~ /.*<y>\?\s*/) {
                assert repl.enter("type 'y'").contains('recorded answer')
                answered++
            } else {
                sleep 250
            }
        }
        def save = repl.enter(":save $saved")
        def text = Files.readString(saved)

        then: 'A was repaired by hand, and the script says what the person did, generalised'
        answered == FsckImages.A.questions.size()
        save.contains('vaxiin check: OK')
        repl.quit() == 0
        a.repaired()
        text.contains("when screen =~ /<y>\\?\\s*\$/")
        text.contains("type 'y'")
        text.contains("login:")
        def code = text.readLines().findAll { !it.startsWith('//') }.join('\n')
        !code.contains('ref count') && !code.contains('counted=') && !code.contains('Inode')

        when: 'the saved script runs against B'
        def b = rig(FsckImages.B)
        def run = CliRun.of('run', saved.toString(), '--console', b.uri, '--out', dir.resolve('run-b').toString())

        then: 'it answers B\'s questions, none of which it was shown, and ends at the login prompt'
        run.code == 0
        run.out.readLines().count { it.endsWith("  type 'y'") } == FsckImages.B.questions.size()
        run.out.contains('recovered: ')
        b.repaired()
    }
}
