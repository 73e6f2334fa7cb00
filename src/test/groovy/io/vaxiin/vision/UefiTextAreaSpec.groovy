package io.vaxiin.vision

import io.vaxiin.connector.rfb.RfbQemuSpec.Qmp
import io.vaxiin.connector.rfb.RfbRig
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Pattern

import static io.vaxiin.connector.rfb.RfbRig.*

/**
 * The UEFI shell of a real OVMF (QEMU, no disk, no NIC: the firmware falls to its built-in
 * shell) at two GOP resolutions. EDK2's GraphicsConsole draws its text mode in 8×19 cells
 * centred in the framebuffer: at 1024×768 the shell starts in 128×40 (4 px of margin above,
 * none at the sides), and after {@code mode 80 25} the 640×475 text area lies at (192, 146),
 * 192 px of black left and right. The reader must report the lines and columns of that text
 * area, not of the whole frame, so that the prompt is at column 0 ({@code (?m)^Shell>}).
 *
 * <p>Both QEMUs boot at once in setupSpec: under TCG OVMF shows the shell's "Press ESC in 5
 * seconds to skip startup.nsh" about 4.5 s after start alone, and one ESC cuts that countdown
 * short; both at once on two cores reach the prompt in 6–9 s.
 */
@Timeout(60)
class UefiTextAreaSpec extends Specification {

    static final String CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd'
    static final String VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd'
    static final int CELL_W = 8, CELL_H = 19
    static final Pattern PROMPT = ~/(?m)^Shell>/
    static final long BOOT_TIMEOUT_MS = 40_000
    static final long SCREEN_TIMEOUT_MS = 15_000

    @Shared Path dir
    @Shared ScreenReader reader = new ScreenReader()
    @Shared Map<String, Uefi> vms = [:]

    def setupSpec() {
        require('qemu-system-x86_64')
        [CODE, VARS].each {
            if (!Files.isRegularFile(Path.of(it))) {
                throw new IllegalStateException("$it is missing: this test needs OVMF (Debian: apt-get install ovmf; bin/test-deps installs it)")
            }
        }
        dir = Files.createTempDirectory('uefi-shell')
        vms['1024x768'] = new Uefi(1024, 768, dir, reader)
        vms['800x600'] = new Uefi(800, 600, dir, reader)
        vms.values().each { it.start() }
        vms.values().each { it.awaitShell() }
    }

    def cleanupSpec() {
        vms.values().each { it.stop() }
        reader?.close()
        dir?.toFile()?.deleteDir()
    }

    @Unroll("at #size the shell's default #cols x #rows mode is read on its text area at (0, #top): the prompt at column 0")
    def "the shell at its default mode"() {
        given:
        def vm = vms[size]

        when:
        def text = vm.screen()
        vm.show("default mode", text)

        then:
        text.reader() == 'grid'
        text.lines()[0] == 'UEFI Interactive Shell v2.2'
        text.text() =~ PROMPT
        text.lines().size() <= rows
        text.cellWidth() == CELL_W
        cells(text)[0] == [0, top, cols * CELL_W, CELL_H]
        cells(text) == rowsOf(text, 0, top, cols)

        where:
        size       | cols | rows | top
        '1024x768' | 128  | 40   | 4    // (768 - 40 * 19) / 2
        '800x600'  | 100  | 31   | 5    // (600 - 31 * 19) / 2
    }

    @Unroll("at #size after 'mode 80 25', 'cls' and 'ver' the lines are those of the 80x25 text area at (#left, #top)")
    def "the shell in 80x25, centred in the frame"() {
        given:
        def vm = vms[size]

        when: 'the mode switch clears the screen: one prompt left'
        vm.type('mode 80 25\n')
        vm.await('the prompt alone after mode 80 25') { ScreenText t ->
            t.lines().findAll { it.trim() }.with { it.size() == 1 && it[0].contains('Shell>') }
        }

        and:
        vm.type('cls\nver\n')
        def text = vm.await('the output of ver and the next prompt') { ScreenText t ->
            t.text().contains('EDK II') && t.lines().count { it.contains('Shell>') } == 2 &&
                t.lines().findAll { it.trim() }[-1].contains('Shell>')
        }
        vm.show('80x25 after ver', text)

        then: 'the frame is still the GOP resolution; the text is that of the 80x25 area inside it (all failures shown)'
        vm.frame.width == width && vm.frame.height == height
        verifyAll {
            text.reader() == 'grid'
            text.lines().size() == 25
            text.area() == new ScreenText.Area(left, top, 80, 25, CELL_W, CELL_H, 'edk2-8x19')
            text.text() =~ PROMPT
            text.lines().take(5) == ['Shell> ver', 'UEFI Interactive Shell v2.2', 'EDK II',
                                     'UEFI v2.70 (EDK II, 0x00010000)', 'Shell>']
            // each line is a row of 80 cells of 8x19, the first at the text area's corner
            text.cellWidth() == CELL_W
            cells(text)[0] == [left, top, 80 * CELL_W, CELL_H]
            cells(text) == rowsOf(text, left, top, 80)
        }

        where:
        size       | width | height | left | top
        '1024x768' | 1024  | 768    | 192  | 146   // (1024 - 640) / 2, (768 - 475) / 2 rounded down as EDK2 does
        '800x600'  | 800   | 600    | 80   | 62    // (800 - 640) / 2, (600 - 475) / 2
    }

    /** One OVMF in QEMU, watched through QMP screendumps, typed at through QMP send-key. */
    static class Uefi {
        final int width, height
        final Path dir
        final ScreenReader reader
        Path vars
        int vncPort, qmpPort
        Process qemu
        Qmp qmp
        BufferedImage frame
        long started, booted

        Uefi(int width, int height, Path dir, ScreenReader reader) {
            this.width = width
            this.height = height
            this.dir = dir
            this.reader = reader
        }

        String name() {
            "OVMF at ${width}x$height"
        }

        Path log() {
            dir.resolve("qemu-${width}x${height}.log")
        }

        void start() {
            vars = dir.resolve("vars-${width}x${height}.fd")
            Files.copy(Path.of(VARS), vars)
            vncPort = freePortBetween(6000, 9000)
            qmpPort = freePort()
            started = System.currentTimeMillis()
            qemu = RfbRig.start(['qemu-system-x86_64', '-accel', 'tcg', '-machine', 'q35', '-m', '256', '-nodefaults',
                                 '-device', "VGA,xres=$width,yres=$height",
                                 '-drive', "if=pflash,format=raw,readonly=on,file=$CODE",
                                 '-drive', "if=pflash,format=raw,file=$vars",
                                 '-display', 'none', '-vnc', "127.0.0.1:${vncPort - 5900}",
                                 '-qmp', "tcp:127.0.0.1:$qmpPort,server,nowait"], [:], log().toFile())
        }

        /** Until the prompt shows; one ESC, once the startup.nsh countdown is on screen, cuts it short. */
        void awaitShell() {
            awaitPort(qmpPort, qemu, 10_000, "QEMU (QMP) for ${name()}")
            qmp = new Qmp(qmpPort)
            boolean escaped = false
            await('the UEFI shell prompt', BOOT_TIMEOUT_MS) { ScreenText t ->
                if (!escaped && t.text().contains('startup.nsh')) {
                    key('esc')
                    escaped = true
                }
                frame.width == width && t.text().contains('Shell>')
            }
            booted = System.currentTimeMillis()
            println "${name()}: the shell prompt ${booted - started} ms after QEMU started"
        }

        ScreenText screen() {
            frame = qmp.screendump(dir.resolve("dump-${width}-${System.nanoTime()}.ppm"))
            reader.read(frame)
        }

        /** Reads the screen until {@code ok} holds, at most {@code timeoutMs}; fails showing the last text read. */
        ScreenText await(String what, long timeoutMs = SCREEN_TIMEOUT_MS, Closure<Boolean> ok) {
            long deadline = System.currentTimeMillis() + timeoutMs
            ScreenText last = null
            while (System.currentTimeMillis() < deadline) {
                if (!qemu.alive) {
                    throw new IllegalStateException("${name()}: QEMU exited with ${qemu.exitValue()}: ${Files.readString(log())}")
                }
                last = screen()
                if (ok(last)) return last
                Thread.sleep(150)
            }
            throw new IllegalStateException("${name()}: no $what within $timeoutMs ms; the last screen " +
                "(${frame?.width}x${frame?.height}, reader ${last?.reader()}) read:\n${numbered(last)}")
        }

        void key(String qcode) {
            qmp.command("{\"execute\":\"send-key\",\"arguments\":{\"keys\":[{\"type\":\"qcode\",\"data\":\"$qcode\"}]}}")
        }

        /** Types lower-case letters, digits, spaces and newlines. */
        void type(String s) {
            s.each { String c ->
                if (c == ' ') key('spc')
                else if (c == '\n') key('ret')
                else if (c ==~ /[a-z0-9]/) key(c)
                else throw new IllegalArgumentException("no qcode for '$c'")
            }
        }

        void show(String what, ScreenText text) {
            println "${name()}, $what (${frame.width}x${frame.height}, reader ${text.reader()}, cell width ${text.cellWidth()}):\n${numbered(text)}"
        }

        void stop() {
            qmp?.close()
            RfbRig.stop(qemu, vncPort)
        }
    }

    /** Each line's box as [x, y, width, height]. */
    static List<List<Integer>> cells(ScreenText text) {
        text.boxes().collect { Rectangle b -> [b.@x, b.@y, b.@width, b.@height] }
    }

    /** The boxes of as many rows of {@code cols} cells as the text has lines, the first at (left, top). */
    static List<List<Integer>> rowsOf(ScreenText text, int left, int top, int cols) {
        (0..<text.lines().size()).collect { [left, top + CELL_H * it, cols * CELL_W, CELL_H] }
    }

    static String numbered(ScreenText text) {
        if (text == null) return '(nothing read)'
        text.lines().withIndex().collect { line, n ->
            def box = text.boxes() ? cells(text)[n].with { "[${it[0]},${it[1]} ${it[2]}x${it[3]}]" } : ''
            String.format('%2d %-18s|%s|', n, box, line)
        }.join('\n')
    }
}
