package io.vaxiin.vision

import io.vaxiin.connector.ipmi.IpmiRig
import io.vaxiin.connector.rfb.RfbQemuSpec.Qmp
import io.vaxiin.fixture.UnseenFonts
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.awt.image.BufferedImage
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executors

import static io.vaxiin.connector.rfb.RfbRig.awaitPort
import static io.vaxiin.connector.rfb.RfbRig.freePort
import static io.vaxiin.connector.rfb.RfbRig.nonBackground
import static io.vaxiin.connector.rfb.RfbRig.require
import static io.vaxiin.connector.rfb.RfbRig.start
import static io.vaxiin.connector.rfb.RfbRig.stop

/**
 * The Linux kernel's own built-in console fonts that Vaxiin does not ship, booted in QEMU as the
 * rigs do (the Debian kernel of bin/test-kernel, {@code -vga std}, {@code vga=0x318}: vesafb at
 * 1024x768, {@code fbcon=font:NAME}), each showing a known boot log and e2fsck dialog
 * (kernel-fonts-screen.txt) from a busybox /init (kernel-fonts-init.sh); read with a fresh
 * {@link ConsoleReader} from the QMP screendump and scored as {@link UnseenFontSpec} scores.
 * Held out (UNSEEN-FONTS.md): measured only, nothing tuned on them.
 * <p>
 * Which fonts this kernel (linux-image-6.1.0-56-amd64 6.1.192-2) builds in, from its
 * boot/config: CONFIG_FONT_8x8, CONFIG_FONT_8x16 and CONFIG_FONT_TER16x32; none of 6x11, 7x14,
 * PEARL_8x8, ACORN_8x8, MINI_4x6, 6x10, 10x18, SUN8x16, SUN12x22, 6x8 (fbcon=font:SUN12x22 boots
 * in the default 8x16). VGA8x16 and TER16x32 are shipped, so VGA8x8 is the one test case;
 * VGA8x16 is booted beside it as the control (shipped: read exactly), which tells a rig fault
 * from a reading one.
 */
@Timeout(120)
class KernelFontsQemuSpec extends Specification {

    /** Held out: built in, not shipped. Font name to its cell (width x height). */
    static final Map<String, List<Integer>> HELD_OUT = ['VGA8x8': [8, 8]]
    /** Shipped: must read exactly. */
    static final Map<String, List<Integer>> CONTROL = ['VGA8x16': [8, 16]]
    static final long BOOT_TIMEOUT_MS = 60_000
    static final String SHOWN = 'vaxiin screen shown'

    static final List<String> TRUTH = KernelFontsQemuSpec.getResource('kernel-fonts-screen.txt').getText('UTF-8').readLines()
    static final String INIT = KernelFontsQemuSpec.getResource('kernel-fonts-init.sh').getText('UTF-8')

    @Shared Path dir = Files.createTempDirectory('kernel-fonts')
    @Shared Map<String, Vm> vms = [:]
    /** Each font's screen, once it stood still. */
    @Shared Map<String, BufferedImage> screens = new ConcurrentHashMap<>()
    /** From QEMU's start to the screen standing still. */
    @Shared Map<String, Long> bootMs = new ConcurrentHashMap<>()

    /** One QEMU booting the kernel in one font, its serial log in a file, a QMP client for screendumps. */
    static final class Vm {
        String font
        Path serial
        long started
        Process qemu
        Qmp qmp
    }

    def setupSpec() {
        require('qemu-system-x86_64')
        def kernel = IpmiRig.kernelImage()
        def initrd = IpmiRig.Initrd.build(INIT, ['screen.txt': TRUTH.join('\n') + '\n'], dir)
        // start every VM first, then wait for each: they boot side by side (TCG, one core each)
        (HELD_OUT + CONTROL).keySet().each { font ->
            int qmpPort = freePort()
            def vm = new Vm(font: font, serial: dir.resolve("serial-${font}.log"), started: System.currentTimeMillis())
            vm.qemu = start(['qemu-system-x86_64', '-accel', 'tcg', '-m', '256', '-nodefaults', '-nic', 'none', '-vga', 'std',
                             '-display', 'none', '-kernel', kernel, '-initrd', initrd,
                             '-append', "console=ttyS0 console=tty0 quiet loglevel=0 vga=0x318 fbcon=font:$font",
                             '-serial', "file:${vm.serial}", '-qmp', "tcp:127.0.0.1:$qmpPort,server,nowait"],
                [:], dir.resolve("qemu-${font}.log").toFile())
            vms[font] = vm
            awaitPort(qmpPort, vm.qemu, 10_000, "QEMU (QMP) for $font")
            vm.qmp = new Qmp(qmpPort)
        }
        def pool = Executors.newFixedThreadPool(vms.size())
        try {
            def waits = vms.values().collect { vm ->
                pool.submit({
                    screens[vm.font] = awaitScreen(vm)
                    bootMs[vm.font] = System.currentTimeMillis() - vm.started
                } as Runnable)
            }
            waits*.get()
        } finally {
            pool.shutdownNow()
        }
    }

    def cleanupSpec() {
        vms.values().each { vm ->
            try {
                vm.qmp?.close()
            } finally {
                stop(vm.qemu)
            }
        }
        if (System.getenv('VAXIIN_RIG_KEEP')) System.err.println("KernelFontsQemuSpec: kept $dir")
        else dir.toFile().deleteDir()
    }

    /** Waits for the guest's /init to have shown the screen, then screendumps until the screen stands still with ink on it. */
    BufferedImage awaitScreen(Vm vm) {
        long deadline = System.currentTimeMillis() + BOOT_TIMEOUT_MS
        while (!(Files.exists(vm.serial) && new String(Files.readAllBytes(vm.serial), StandardCharsets.ISO_8859_1).contains(SHOWN))) {
            if (!vm.qemu.alive) throw new IllegalStateException("QEMU for ${vm.font} exited with ${vm.qemu.exitValue()}: ${log(vm)}")
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("${vm.font}: no '$SHOWN' on the serial console within $BOOT_TIMEOUT_MS ms: ${log(vm)}")
            Thread.sleep(100)
        }
        BufferedImage last = null
        while (true) {
            def dump = vm.qmp.screendump(dir.resolve("dump-${vm.font}-${System.nanoTime()}.ppm"))
            if (last != null && same(last, dump) && nonBackground(dump) > 1000) return dump
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("${vm.font}: the screen did not stand still with text on it within $BOOT_TIMEOUT_MS ms")
            last = dump
            Thread.sleep(200)
        }
    }

    String log(Vm vm) {
        [vm.serial, dir.resolve("qemu-${vm.font}.log")].collect { Files.exists(it) ? it.text.takeRight(2000) : '' }.join('\n')
    }

    static boolean same(BufferedImage a, BufferedImage b) {
        a.width == b.width && a.height == b.height &&
            Arrays.equals(a.getRGB(0, 0, a.width, a.height, null, 0, a.width), b.getRGB(0, 0, b.width, b.height, null, 0, b.width))
    }

    /** The lines (normalised as UnseenFontSpec scores) that were read other than their truth, truth first. */
    static List<String> misread(String truth, String read) {
        def t = truth.readLines(), r = read.readLines()
        if (t.size() != r.size()) return ["${t.size()} lines of truth, ${r.size()} read".toString()]
        (0..<t.size()).findAll { t[it] != r[it] }.collect { "  truth: ${t[it]}\n  read:  ${r[it]}".toString() }
    }

    Map score(String font) {
        new ConsoleReader().withCloseable { reader ->
            long t0 = System.nanoTime()
            def text = reader.read(screens[font])
            double ms = (System.nanoTime() - t0) / 1e6
            String truth = UnseenFontSpec.normalise(TRUTH), read = UnseenFontSpec.normalise(text.lines())
            def r = [text: text, acc: UnseenFontSpec.accuracy(truth, read),
                     box: UnseenFontSpec.accuracy(UnseenFonts.boxesOnly(TRUTH), UnseenFonts.boxesOnly(text.lines())),
                     misread: misread(truth, read), ms: ms]
            println String.format(Locale.ROOT, 'booted %-8s boot %6d ms  reader %-5s source %-18s cell %sx%s  accuracy %7.2f%%  boxes %7.2f%%  read in %7.1f ms',
                font, bootMs[font], text.reader(), text.lines() ? text.sourceOf(0) : '-', text.area()?.cellWidth(), text.area()?.cellHeight(),
                100 * r.acc, 100 * r.box, ms)
            r.misread.each { println "booted $font misread:\n$it" }
            r
        }
    }

    def "the booted fonts are the kernel's, on the rig's frame: no shipped font has a held-out font's cell"() {
        expect:
        screens.values().every { it.width == 1024 && it.height == 768 }
        HELD_OUT.values().every { cell -> UnseenFontSpec.shipped().every { it.width() != cell[0] || it.height() != cell[1] } }
    }

    @Unroll("#font (held out, booted in QEMU): learnt on its console, read on its #cell grid, at least 90 % right")
    def "a built-in kernel font Vaxiin does not ship is learnt and read on its grid"() {
        when:
        def r = score(font)
        def text = r.text as ScreenText

        then:
        text.reader() == 'grid'
        text.sourceOf(0).startsWith('grid:learnt-')
        text.area().cellWidth() == cell[0] && text.area().cellHeight() == cell[1]
        r.acc >= UnseenFontSpec.LEARNT_FLOOR

        where:
        font << HELD_OUT.keySet().toList()
        cell = HELD_OUT[font]
    }

    @Unroll("#font (control, booted in QEMU): read exactly in the shipped font")
    def "a shipped kernel font booted on the same rig reads exactly"() {
        when:
        def r = score(font)
        def text = r.text as ScreenText

        then:
        text.reader() == 'grid'
        !text.sourceOf(0).startsWith('grid:learnt-')
        text.area().cellWidth() == cell[0] && text.area().cellHeight() == cell[1]
        r.acc == 1d
        r.box == 1d

        where:
        font << CONTROL.keySet().toList()
        cell = CONTROL[font]
    }
}
