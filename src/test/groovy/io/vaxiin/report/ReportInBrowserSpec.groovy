package io.vaxiin.report

import groovy.json.JsonSlurper
import groovy.transform.CompileStatic
import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import io.vaxiin.recording.Recording
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import javax.imageio.ImageIO
import java.awt.Color
import java.awt.Image
import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path

/**
 * Opens a report in a real browser, Debian's chromium, headless: what a person opening the CI
 * artefact sees. The positions of the thumbnails and of the failing step come from the page
 * itself: the spec opens a copy of the report with a script added that writes the boxes of
 * those elements into a hidden element (nothing else changes, so the layout is the report's),
 * reads them from the DOM chromium dumps, and looks at those places in chromium's screenshot of
 * the same copy.
 */
class ReportInBrowserSpec extends Specification {

    static final int WIDTH = 1280
    static final int HEIGHT = 2000

    @Shared String chromium = io.vaxiin.fixture.Chromium.onPath('chromium')
    @TempDir Path dir

    def setupSpec() {
        // A test dependency like the VNC servers and QEMU: when it is missing the spec fails, saying how to get it.
        assert chromium != null: 'chromium is not installed, and this spec opens report.html in it: run bin/test-deps (it installs Debian\'s chromium)'
    }

    def "a failing test's report shows its recorded screens as thumbnails and the failing step in a red box, in chromium"() {
        given: 'a recording of fsck.groovy on the sandbox, and a copy of the script whose rule no longer matches the prompts'
        def rec = dir.resolve('rec')
        def recorded = CliRun.of('run', 'dsl-examples/fsck.groovy', '--record', rec.toString(), '--out', dir.resolve('run').toString())
        assert recorded.code == 0: recorded
        def fsck = Files.readString(Dsl.PROJECT.resolve('dsl-examples/fsck.groovy'))
        def rule = '/(?m)<y>\\?\\s*$/'
        assert fsck.contains(rule)
        def broken = dir.resolve('broken-fsck.groovy')
        Files.writeString(broken, fsck.replace(rule, '/(?m)<n>\\?\\s*$/'))
        def recording = Recording.read(rec)

        when: 'vaxiin test replays the recording with it, and chromium opens the report'
        def test = CliRun.of('test', broken.toString(), '--replay', rec.toString(), '--out', dir.resolve('tests').toString())
        def report = Files.walk(dir.resolve('tests')).withCloseable { s -> s.filter { it.fileName.toString() == 'report.html' }.toList() }
        def probe = probed(report[0])
        def dom = browser(['--dump-dom'], probe)
        def boxes = new JsonSlurper().parseText(unescape((dom =~ /(?s)<pre id="probe"[^>]*>(.*?)<\/pre>/)[0][1] as String))
        def shotFile = dir.resolve('shot.png')
        browser(["--screenshot=$shotFile"], probe)
        def shot = ImageIO.read(shotFile.toFile())

        then: 'the test failed, stuck at the first prompt'
        test.code == 1
        report.size() == 1

        and: 'the DOM has the failing step, and a thumbnail for each screen recorded until the prompt the script did not answer'
        boxes.width == WIDTH
        dom.contains('class="end failing-step"')
        boxes.failing.size() == 1
        boxes.failing[0].text.contains("FAILED: recovery 'fsck prompt at boot' timed out after 10 minutes: no rule ended it")
        boxes.thumbs*.frame == screensUntilFirstAnswer(recording)

        and: 'the screenshot shows those screens where the DOM puts the thumbnails, each more like its own screen than like any other'
        shot.width == WIDTH && shot.height == HEIGHT
        def visible = boxes.thumbs.findAll { inside(box(it.rect), box(it.strip)) && inside(box(it.rect), new Rectangle(0, 0, WIDTH, HEIGHT)) }
        visible.size() >= 3
        visible.every { t ->
            Map<String, Double> far = recording.frames().collectEntries { id, s -> [id, distance(shot, box(t.rect), Recording.image(s))] }
            assert far.min { it.value }.key == t.frame && far[t.frame] < 2:
                    "the thumbnail of ${t.frame} at ${box(t.rect)}, distance to each screen: " + far.collect { id, d -> "$id ${String.format('%.2f', d)}" }.join(', ')
            true
        }

        and: 'the failing step is a red box at the place the DOM says, on the screen'
        def failing = box(boxes.failing[0].rect)
        inside(failing, new Rectangle(0, 0, WIDTH, HEIGHT))
        near(shot, failing.@x + 1, failing.@y + failing.@height.intdiv(2), 0xcf222e)      // its left border
        near(shot, failing.@x + failing.@width.intdiv(2), failing.@y + 1, 0xcf222e)       // its top border
        near(shot, failing.@x + 6, failing.@y + failing.@height - 6, 0xffebe9)            // inside: light red
    }

    /** The frames a replay shows up to the one the first recorded type answered, identical ones in a row as one. */
    static List<String> screensUntilFirstAnswer(Recording recording) {
        def frames = []
        for (e in recording.events()) {
            if (e.kind() == 'type') break
            if (e.kind() == 'frame' && (frames ? frames[-1] : null) != e.text('frame')) frames << e.text('frame')
        }
        frames
    }

    /** A copy of the page with a script that writes the boxes of the thumbnails and of the failing step into a hidden pre#probe. */
    Path probed(Path report) {
        def probe = report.resolveSibling('probe.html')
        Files.writeString(probe, Files.readString(report).replace('</html>', '''<script>
            (() => {
              const box = e => { const b = e.getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; };
              const found = {width: innerWidth,
                thumbs: [...document.querySelectorAll('.strip .thumb')].map(t => ({frame: t.dataset.frame, rect: box(t), strip: box(t.closest('.strip'))})),
                failing: [...document.querySelectorAll('.failing-step')].map(e => ({rect: box(e), text: e.textContent}))};
              const pre = document.createElement('pre');
              pre.id = 'probe';
              pre.hidden = true;
              pre.textContent = JSON.stringify(found);
              document.body.append(pre);
            })();
            </script>
            </html>'''))
        probe
    }

    /** Runs chromium headless on {@code page}; its standard output (the DOM for --dump-dom). */
    String browser(List<String> args, Path page) {
        new io.vaxiin.fixture.Chromium(dir, WIDTH, HEIGHT).open(args, page.toUri().toString())
    }

    /**
     * How far the screenshot at {@code at} is from {@code frame} scaled to that box: the mean
     * difference of their grey levels (0 the same, 255 black against white), at the best of the
     * positions a pixel or two around it (the browser places a box at fractions of a pixel).
     * Not ImageMatcher's score: it rates each 8×8 tile on its own, and the black tiles of a
     * console screen, scaled by two programs, score 0 against themselves.
     */
    @CompileStatic
    static double distance(BufferedImage shot, Rectangle at, BufferedImage frame) {
        int w = at.@width, h = at.@height
        def scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        def g = scaled.createGraphics()
        g.drawImage(frame.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null)
        g.dispose()
        int[] want = grey(scaled.getRGB(0, 0, w, h, null, 0, w))
        int sw = shot.width
        int[] got = grey(shot.getRGB(0, 0, sw, shot.height, null, 0, sw))
        double best = Double.MAX_VALUE
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int x0 = at.@x + dx, y0 = at.@y + dy
                if (x0 < 0 || y0 < 0 || x0 + w > sw || y0 + h > shot.height) continue
                long sum = 0
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) sum += Math.abs(want[y * w + x] - got[(y0 + y) * sw + x0 + x])
                }
                best = Math.min(best, sum / (double) (w * h))
            }
        }
        best
    }

    @CompileStatic
    static int[] grey(int[] rgb) {
        int[] out = new int[rgb.length]
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i]
            out[i] = (int) ((((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114).intdiv(1000))
        }
        out
    }

    static Rectangle box(List<Number> r) {
        new Rectangle(Math.round(r[0] as double) as int, Math.round(r[1] as double) as int, Math.floor(r[2] as double) as int, Math.floor(r[3] as double) as int)
    }

    static boolean inside(Rectangle r, Rectangle area) { area.contains(r) }

    static boolean near(BufferedImage shot, int x, int y, int rgb) {
        def c = new Color(shot.getRGB(x, y))
        def want = new Color(rgb)
        boolean ok = [c.red - want.red, c.green - want.green, c.blue - want.blue].every { Math.abs(it) <= 24 }
        assert ok: "the screenshot at ($x, $y) is ${String.format('#%06x', shot.getRGB(x, y) & 0xffffff)}, not about ${String.format('#%06x', rgb)}"
        ok
    }

    static String unescape(String html) {
        html.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&#39;', "'").replace('&nbsp;', '\u00a0').replace('&amp;', '&')
    }
}
