package io.vaxiin.sandbox.rfb

import io.vaxiin.connector.rfb.RfbConfig
import io.vaxiin.connector.rfb.RfbConsole
import spock.lang.Specification
import spock.lang.Timeout

import java.awt.Color
import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Duration

import static io.vaxiin.connector.rfb.RfbRig.*

/**
 * Measures connect time and frame latency between the sandbox server and the client, and the
 * heap one idle client connection holds (against Xvnc, so no server shares the heap).
 * Prints the figures and appends them to target/rfb-measurements.txt.
 */
@Timeout(120)
class RfbMeasureSpec extends Specification {

    static final Path REPORT = Path.of('target', 'rfb-measurements.txt')

    static void report(String line) {
        println line
        Files.writeString(REPORT, line + '\n', StandardOpenOption.CREATE, StandardOpenOption.APPEND)
    }

    static double median(List<Double> values) {
        def s = values.sort()
        s.size() % 2 == 1 ? s[s.size().intdiv(2)] : (s[s.size().intdiv(2) - 1] + s[s.size().intdiv(2)]) / 2
    }

    def "connect time and frame latency, sandbox server to client (720×400, ZRLE)"() {
        given:
        def image = RfbServerSpec.picture(720, 400)
        def server = RfbServer.start(0, { image }, KeyListener.NONE)
        def cfg = RfbConfig.builder('127.0.0.1', server.port()).build()
        // warm up the JIT a little, as a long-running engine would be
        5.times { RfbConsole.connect(cfg).withCloseable { it.frame(Duration.ofSeconds(5)) } }

        when:
        def connects = []
        def firstFrames = []
        10.times {
            long t0 = System.nanoTime()
            def c = RfbConsole.connect(cfg)
            long t1 = System.nanoTime()
            c.frame(Duration.ofSeconds(5))
            long t2 = System.nanoTime()
            c.close()
            connects << (t1 - t0) / 1e6
            firstFrames << (t2 - t0) / 1e6
        }
        def console = RfbConsole.connect(cfg)
        def f = console.frame(Duration.ofSeconds(5))
        def latencies = []
        def frame = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB)
        frame.createGraphics().with { it.drawImage(image, 0, 0, null); it.dispose() }
        20.times { i ->
            def g = frame.createGraphics()
            g.color = new Color(i * 12, 255 - i * 12, 128)
            g.fillRect(100 + i * 8, 300, 8, 16) // one character cell
            g.dispose()
            long t0 = System.nanoTime()
            server.update(frame, new Rectangle(100 + i * 8, 300, 8, 16))
            f = console.awaitChange(f.version(), Duration.ofSeconds(5))
            latencies << (System.nanoTime() - t0) / 1e6
            assert (f.image().getRGB(100 + i * 8, 300) & 0xffffff) == (frame.getRGB(100 + i * 8, 300) & 0xffffff)
        }
        console.close()
        server.close()
        report(String.format('connect (TCP + RFB 3.8 handshake), median of 10: %.2f ms; connect + first full 720x400 frame: %.2f ms',
                median(connects), median(firstFrames)))
        report(String.format('frame latency (server.update of an 8x16 cell -> client awaitChange returns), median of 20: %.2f ms (min %.2f, max %.2f)',
                median(latencies), latencies.min(), latencies.max()))

        then:
        median(latencies) < 100
        median(connects) < 1000
    }

    def "heap held by one idle client connection at 720×400 and 1024×768"() {
        given:
        require('Xvnc')
        def results = [:]

        when:
        for (size in [[720, 400], [1024, 768]]) {
            int d = freeDisplay(), port = freePort()
            def xvnc = start(['Xvnc', ":$d", '-geometry', "${size[0]}x${size[1]}", '-depth', '24', '-rfbport', "$port",
                              '-interface', '127.0.0.1', '-nolisten', 'tcp', '-SecurityTypes', 'None', '-AlwaysShared'])
            try {
                awaitPort(port, xvnc, 10_000, 'Xvnc')
                def cfg = RfbConfig.builder('127.0.0.1', port).build()
                RfbConsole.connect(cfg).withCloseable { it.frame(Duration.ofSeconds(5)) } // load classes first
                int n = 6
                long before = usedHeap()
                def consoles = (1..n).collect { RfbConsole.connect(cfg) }
                consoles.each { it.frame(Duration.ofSeconds(5)) } // each holds its framebuffer and one snapshot
                Thread.sleep(500)
                long after = usedHeap()
                results[size] = (after - before) / n
                consoles*.close()
            } finally {
                stop(xvnc, port)
            }
        }
        results.each { size, bytes ->
            double fb = size[0] * size[1] * 4
            long region = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean).getVMOption('G1HeapRegionSize').value as long
            report(String.format('heap used per idle client at %dx%d (framebuffer + one snapshot held): %.2f MiB = %.2f x one 32-bit framebuffer of %.2f MiB%s',
                    size[0], size[1], bytes / 1048576, bytes / fb, fb / 1048576,
                    fb >= region / 2 ? String.format(' (G1 puts each array of >= %d MiB in whole %d MiB regions)', region.intdiv(2 * 1048576), region.intdiv(1048576)) : ''))
        }

        then: 'one framebuffer and one snapshot each (G1 may round a large array up to a whole region), plus small buffers'
        results.every { size, bytes -> bytes < size[0] * size[1] * 4 * 2.8 + 512 * 1024 }
    }

    static long usedHeap() {
        def mem = ManagementFactory.memoryMXBean
        3.times { System.gc(); Thread.sleep(100) }
        mem.heapMemoryUsage.used
    }
}
