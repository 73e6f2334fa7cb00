package io.vaxiin.repl

import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The rigs of the REPL's acceptance tests, proved on their own: a real e2fsck asking about the
 * two damaged images of {@link FsckImages} in an xterm on Xvnc ({@link FsckXterm}), read by
 * {@code vaxiin screen} and recovered by {@code vaxiin run} of a hand-written script; and a real
 * terminal driving a program ({@link Tmux}).
 *
 * <p>One Xvnc per image for the whole spec: the screen feature comes first and sees the first
 * question, the run feature then answers them all (Spock runs features in the order written).
 */
@Timeout(90)
class FsckXtermSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('fsck-xterm')
    @Shared Map<FsckImages, FsckXterm> rigs = [:]

    def setupSpec() {
        FsckImages.values().each { image ->
            def home = Files.createDirectories(dir.resolve(image.name()))
            rigs[image] = FsckXterm.start(image.make(home), home)
        }
    }

    def cleanupSpec() {
        rigs.values().each { it.stop() }
        dir.toFile().deleteDir()
    }

    Path script() {
        def f = dir.resolve('fsck-by-rule.groovy')
        Files.writeString(f, '''\
            recovery 'answer every e2fsck question', timeout: 60.seconds
            when screen =~ /<y>\\?\\s*$/, maxFires: 10 then type 'y'
            when screen =~ /login:\\s*$/ then done 'login'
            '''.stripIndent())
        f
    }

    /**
     * Text with each run of spaces made one: OCR reads e2fsck's two spaces after a full stop as
     * one on B's short first screen (and as two once more lines are on it).
     */
    static String words(String text) {
        text.replaceAll(/ {2,}/, ' ')
    }

    def "vaxiin screen shows each image's first question, and the two differ in numbers and words"() {
        when:
        def a = CliRun.of('screen', '--console', rigs[FsckImages.A].uri)
        def b = CliRun.of('screen', '--console', rigs[FsckImages.B].uri)

        then:
        a.code == 0
        b.code == 0
        words(a.out).contains(words('Inode 2 ref count is 7, should be 3.  Fix<y>?'))
        words(b.out).contains(words('Inode 11 is in use, but has dtime set.  Fix<y>?'))

        and: "neither shows the other's question"
        !a.out.contains('Inode 11') && !a.out.contains('dtime')
        !b.out.contains('Inode 2 ') && !b.out.contains('ref count')

        and: 'the screen is at the first question, nothing answered yet'
        !a.out.contains('yes') && !b.out.contains('yes')
    }

    def "vaxiin run answers every question of image #image with y and ends at the login prompt, and the file system is repaired"() {
        given:
        def rig = rigs[image]

        when:
        def run = CliRun.of('run', script().toString(), '--console', rig.uri, '--out', dir.resolve("out-$image").toString())

        then:
        run.code == 0
        run.out.contains('recovered: login')
        run.out.readLines().count { it.contains("fired (") && it.contains("type 'y'") } == image.questions.size()

        and: 'e2fsck printed each answer after its question, exited with errors corrected, and left it clean'
        def shown = rig.transcript()
        image.questions.every { shown.contains(it + ' yes\n') }
        shown.contains('***** FILE SYSTEM WAS MODIFIED *****')
        shown.endsWith('stor01 login: ')
        rig.e2fsckExit() == 1
        rig.repaired()

        where:
        image << FsckImages.values().toList()
    }

    def "the two images ask different questions, each ending in the prompt of a default yes"() {
        expect:
        FsckImages.A.questions.intersect(FsckImages.B.questions).isEmpty()
        FsckImages.values().every { img -> img.questions.every { it.endsWith('<y>?') } }
        FsckImages.A.questions*.replaceAll(/.*\s/, '').toSet() == ['Fix<y>?', 'Clear<y>?'] as Set
    }

    def "Tmux runs bash in a real terminal, which receives what is typed and shows its answer"() {
        given:
        def tmux = Tmux.start('bash', ['bash', '--norc', '--noprofile'], dir, [PS1: 'rig$ ', HISTFILE: '/dev/null'], 100, 20)

        when:
        tmux.awaitText(~/(?m)^rig\$ $/, Duration.ofSeconds(10))
        tmux.send('echo hi-$((1+2))', 'Enter')

        then: 'the sum is worked out by bash, so the line is not merely an echo of the keys'
        tmux.awaitText(~/(?m)^hi-3$/, Duration.ofSeconds(10))
        !tmux.exited()

        when: 'a key name sent literally is text; sent as a key, C-c interrupts the foreground job'
        tmux.sendLiteral('echo lit C-c').send('Enter')
        tmux.awaitText(~/(?m)^lit C-c$/, Duration.ofSeconds(10))
        tmux.send('sleep 30', 'Enter')
        tmux.awaitText(~/(?m)^rig\$ sleep 30$/, Duration.ofSeconds(10))
        tmux.send('C-c')
        tmux.send('echo status-$?', 'Enter')

        then:
        tmux.awaitText(~/(?m)^status-130$/, Duration.ofSeconds(10))

        cleanup:
        tmux?.kill()
    }

    def "Tmux reports the exit status of a program that exits at once"() {
        given:
        def tmux = Tmux.start('exit7', ['bash', '-c', 'exit 7'], dir)

        expect:
        tmux.waitExit(Duration.ofSeconds(10)) == 7
        tmux.exited()

        cleanup:
        tmux?.kill()
    }

    def "Tmux reports 130 for a program that C-c killed"() {
        given:
        def tmux = Tmux.start('sleep', ['sleep', '30'], dir)

        when:
        Thread.sleep(200)
        tmux.send('C-c')

        then:
        tmux.waitExit(Duration.ofSeconds(10)) == 130

        cleanup:
        tmux?.kill()
    }
}
