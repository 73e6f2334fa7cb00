package io.vaxiin.report;

import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code report.html}: the run on one page that needs nothing else (no server, no
 * network, no other file, no script), so it opens from a CI artefact as it is. From the top:
 * the title, the verdict (green or red) and its details, the target and the recording's length;
 * then the timeline ({@link Timeline}), in time order: the screens of each stretch between two
 * actions as a strip of thumbnails (a click shows the screen full size beside the text read from
 * it), the serial console's text, each action with the screen it answered, power and boot state
 * changes, each rule that fired with its line of the script, the run log's other lines (warnings
 * highlighted), and the end: why it passed or failed (class {@code failing-step}, red, when it
 * failed). Every text is escaped; the texts of a recording are masked already.
 */
public final class RunReport {

    /** Serial text of more lines than this shows its last lines, the earlier ones folded. */
    static final int SERIAL_SHOWN = 8;
    /** "(fsck.groovy, line 12)", as a run's end names the line to blame. */
    private static final Pattern LOCATION = Pattern.compile("\\((.+), line (\\d+)\\)");

    private final Recording recording;
    private final ReportInput input;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    private RunReport(Recording recording, ReportInput input) {
        this.recording = recording;
        this.input = input;
    }

    public static void write(Recording recording, ReportInput input, Path file) throws IOException {
        Files.writeString(file, html(recording, input), StandardCharsets.UTF_8);
    }

    /** The page, as {@link #write} writes it. */
    static String html(Recording recording, ReportInput input) {
        return new RunReport(recording, input).page();
    }

    private String page() {
        List<Timeline.Entry> timeline = Timeline.of(recording);
        html.append("<!doctype html>\n<html lang=en>\n<meta charset=utf-8>\n<meta name=viewport content=\"width=device-width\">\n<title>")
                .append(esc(input.title())).append(input.passed() ? " (passed)" : " (failed)").append("</title>\n<style>\n")
                .append(CSS);
        frames();
        html.append("</style>\n");
        header(timeline);
        html.append("<main>\n<ol class=timeline>\n");
        for (Timeline.Entry e : timeline) entry(e);
        html.append("</ol>\n</main>\n");
        viewers(timeline);
        html.append("</html>\n");
        return html.toString();
    }

    /**
     * Each distinct screen once, as a CSS class whose background is its picture: every thumbnail
     * and the full-size view use the class, so a screen shown a hundred times is in the file
     * once. Classes rather than a script that fills in img sources: the page then needs no
     * JavaScript at all (artefact viewers that block scripts show it whole), and the full-size
     * view is a :target overlay for the same reason.
     */
    private void frames() {
        for (Recording.Shot s : recording.frames().values()) {
            if (s.png() == null) continue;
            html.append(".f-").append(esc(s.id())).append("{background-image:url(\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(s.png())).append("\");aspect-ratio:")
                    .append(s.width()).append('/').append(s.height()).append("}\n");
        }
    }

    // ---- header -------------------------------------------------------------------------------

    private void header(List<Timeline.Entry> timeline) {
        html.append("<header class=").append(input.passed() ? "passed" : "failed").append(">\n<h1>").append(esc(input.title()))
                .append("</h1>\n<p class=verdict>").append(input.passed() ? "PASSED" : "FAILED").append(": ").append(esc(input.verdict()))
                .append("</p>\n");
        if (!input.details().isEmpty()) html.append("<pre class=details>").append(esc(String.join("\n", input.details()))).append("</pre>\n");
        html.append("<dl class=facts>\n");
        Event start = recording.start();
        if (start != null) {
            String target = start.text("target");
            StringBuilder about = new StringBuilder();
            for (String k : List.of("vendor", "model")) {
                String v = start.text(k);
                if (v != null && !v.equals("unknown")) about.append(about.length() == 0 ? "" : ", ").append(v);
            }
            fact("target", (target == null ? "?" : target) + (about.length() == 0 ? "" : " (" + about + ")"));
            for (String k : List.of("console", "serial", "power", "boot")) {
                if (start.text(k) != null) fact(k, start.text(k));
            }
            if (start.text("started") != null) fact("started", start.text("started"));
        }
        int frames = 0;
        int actions = 0;
        for (Event e : recording.events()) {
            if (e.kind().equals("frame")) frames++;
            if (List.of("type", "press", "power", "boot").contains(e.kind())) actions++;
        }
        Timeline.Entry end = timeline.get(timeline.size() - 1);
        html.append("<dt>recording<dd>").append(Event.clock(recording.length())).append(": ")
                .append(count(frames, "screen")).append(" (").append(recording.frames().size()).append(" distinct), ")
                .append(count(actions, "action")).append("; <a href=\"#end\">the end, at ").append(Event.clock(end.t()))
                .append("</a>\n</dl>\n</header>\n");
    }

    private void fact(String name, String value) {
        html.append("<dt>").append(esc(name)).append("<dd>").append(esc(value)).append('\n');
    }

    // ---- the timeline -------------------------------------------------------------------------

    private void entry(Timeline.Entry e) {
        if (e instanceof Timeline.Screens s) {
            open("screens", e.t(), null);
            html.append("<div class=strip>");
            for (Timeline.Shown shown : s.shown()) {
                String when = Event.clock(shown.from()) + (shown.times() == 1 ? "" : "–" + Event.clock(shown.to()) + " · " + shown.times() + "×");
                html.append("<figure class=shot>");
                thumb(shown.frame(), "the screen at " + when);
                html.append("<figcaption>").append(esc(when)).append("</figcaption></figure>");
            }
            html.append("</div>");
        } else if (e instanceof Timeline.SerialText s) {
            open("serial", e.t(), null);
            serial(s.text());
        } else if (e instanceof Timeline.Action a) {
            action(a);
        } else if (e instanceof Timeline.State s) {
            open("state", e.t(), null);
            Event ev = s.event();
            if (ev.kind().equals("power-state")) {
                html.append("the power is <strong>").append(esc(ev.text("state"))).append("</strong> (as the BMC reports it)");
            } else {
                html.append("the boot override is <strong>").append(esc(ev.text("device"))).append(ev.flag("once") ? " once" : "")
                        .append("</strong> (as the BMC reports it)");
            }
        } else if (e instanceof Timeline.Fired f) {
            open("rule", e.t(), null);
            html.append("rule fired (").append(f.count()).append('/').append(f.max()).append("), <span class=where>")
                    .append(esc(f.file())).append(", line ").append(f.line()).append("</span>");
            String line = scriptLine(f.file(), f.line());
            if (line != null) {
                source(f.line(), line);
            } else {
                html.append(": <code>when ").append(esc(f.source())).append("</code>");
            }
            html.append("<div class=did>then ").append(esc(f.action())).append("</div>");
        } else if (e instanceof Timeline.Line l) {
            open(l.warn() ? "log warn" : "log", e.t(), null);
            html.append(l.warn() ? "warning: " : "").append(esc(l.text()));
        } else if (e instanceof Timeline.End end) {
            end(end);
        }
        html.append("</div></li>\n");
    }

    /** Opens an entry: its time, then its content (closed by {@link #entry}). */
    private void open(String kind, double t, String id) {
        html.append("<li class=\"").append(kind).append('"').append(id == null ? "" : " id=" + id).append("><time>")
                .append(Event.clock(t)).append("</time><div class=what>");
    }

    private void action(Timeline.Action a) {
        Event e = a.event();
        open("action", e.t(), null);
        html.append("<div class=said><strong>");
        switch (e.kind()) {
            case "type" -> html.append("type ").append(esc(quoted(e.text("text"))));
            case "press" -> html.append("press ").append(esc(e.text("keys")));
            case "power" -> html.append("power ").append(esc(e.text("action")));
            default -> html.append("boot ").append(esc(e.text("device"))).append(e.flag("once") ? " once" : "");
        }
        html.append("</strong>");
        if (e.text("on") != null) html.append(" on the ").append("serial".equals(e.text("on")) ? "serial console" : "console");
        Event done = a.done();
        if (done != null) {
            Object error = done.data().get("error");
            if (error instanceof Map<?, ?> err) {
                html.append("<div class=error>failed at ").append(Event.clock(done.t())).append(": ").append(esc(String.valueOf(err.get("kind"))))
                        .append(": ").append(esc(String.valueOf(err.get("message")))).append("</div>");
            } else {
                html.append("<div class=done>done at ").append(Event.clock(done.t())).append("</div>");
            }
        }
        html.append("</div>");
        if (a.frame() != null) {
            html.append("<figure class=shot>");
            thumb(a.frame(), "the screen it answered");
            html.append("<figcaption>the screen it answered</figcaption></figure>");
        } else if (a.serialLine() != null && !a.serialLine().isEmpty()) {
            html.append("<div class=answered>answering <pre>").append(esc(a.serialLine())).append("</pre></div>");
        }
    }

    private void end(Timeline.End end) {
        open(input.passed() ? "end passed" : "end failing-step", end.t(), "end");
        html.append("<div class=said><strong>").append(input.passed() ? "PASSED" : "FAILED").append("</strong>: ").append(esc(input.verdict()));
        Event e = end.event();
        if (e == null) {
            html.append("<div>the recording has no end: the run was cut short</div>");
        } else {
            String message = e.text("message") == null ? "" : e.text("message");
            String location = e.text("location") == null ? "" : e.text("location");
            if (!input.verdict().contains(message) || !input.verdict().contains(location)) {
                html.append("<div>the run ended ").append(esc(e.text("outcome"))).append(": ").append(esc((location + " " + message).trim())).append("</div>");
            }
            Matcher m = LOCATION.matcher(location);
            if (m.find()) {
                int n = Integer.parseInt(m.group(2));
                String line = scriptLine(m.group(1), n);
                if (line != null) source(n, line);
            }
        }
        html.append("</div>");
        if (end.lastFrame() != null) {
            html.append("<figure class=shot>");
            thumb(end.lastFrame(), "the last screen");
            html.append("<figcaption>the last screen</figcaption></figure>");
        }
    }

    /** A thumbnail: the screen's class gives the picture, the link opens its full-size view. */
    private void thumb(String frame, String label) {
        Recording.Shot s = recording.frame(frame);
        boolean shown = s != null && s.png() != null;
        html.append("<a class=\"thumb").append(shown ? " f-" + esc(frame) : " missing").append("\" href=\"#v-").append(esc(frame))
                .append("\" data-frame=\"").append(esc(frame)).append("\" aria-label=\"").append(esc(label)).append("\"></a>");
    }

    private void serial(String text) {
        String shown = text.replaceFirst("\r?\n$", "");
        List<String> lines = shown.lines().toList();
        if (lines.size() > SERIAL_SHOWN) {
            int cut = lines.size() - SERIAL_SHOWN;
            html.append("<details><summary>serial console: ").append(cut).append(" earlier line").append(cut == 1 ? "" : "s")
                    .append("</summary><pre>").append(esc(String.join("\n", lines.subList(0, cut)))).append("</pre></details>");
            shown = String.join("\n", lines.subList(cut, lines.size()));
        }
        html.append("<pre class=text>").append(esc(shown)).append("</pre>");
    }

    /** A line of the script, with its number. */
    private void source(int n, String line) {
        html.append("<pre class=source><span class=n>").append(n).append("</span>").append(esc(line)).append("</pre>");
    }

    /** Line {@code n} of the script when {@code file} is the script (not a library it uses), else null. */
    private String scriptLine(String file, int n) {
        if (!file.equals(input.scriptName()) || n < 1 || n > input.scriptLines().size()) return null;
        return input.scriptLines().get(n - 1);
    }

    // ---- full-size views ----------------------------------------------------------------------

    /** One overlay per screen the timeline shows: the picture at its size and the text read from it. */
    private void viewers(List<Timeline.Entry> timeline) {
        Map<String, StringBuilder> when = new LinkedHashMap<>();
        for (Timeline.Entry e : timeline) {
            if (e instanceof Timeline.Screens s) {
                for (Timeline.Shown shown : s.shown()) {
                    StringBuilder w = when.computeIfAbsent(shown.frame(), k -> new StringBuilder());
                    w.append(w.length() == 0 ? "" : ", ").append(Event.clock(shown.from()));
                }
            } else if (e instanceof Timeline.Action a && a.frame() != null) {
                when.computeIfAbsent(a.frame(), k -> new StringBuilder());
            } else if (e instanceof Timeline.End end && end.lastFrame() != null) {
                when.computeIfAbsent(end.lastFrame(), k -> new StringBuilder());
            }
        }
        html.append("<div class=viewers>\n");
        when.forEach((id, times) -> {
            Recording.Shot s = recording.frame(id);
            html.append("<div class=viewer id=\"v-").append(esc(id)).append("\"><a class=shut href=\"#_\" aria-label=close></a><figure>");
            if (s != null && s.png() != null) {
                html.append("<div class=\"full f-").append(esc(id)).append("\" style=\"width:").append(s.width()).append("px\"></div>");
            }
            html.append("<figcaption>screen ").append(esc(id));
            if (s != null) html.append(", ").append(s.width()).append('×').append(s.height());
            if (times.length() > 0) html.append(", shown at ").append(times);
            html.append(" · <a href=\"#_\">close</a></figcaption><pre class=text>")
                    .append(s == null || s.text().isEmpty() ? "(no text read)" : esc(s.text())).append("</pre></figure></div>\n");
        });
        html.append("</div>\n");
    }

    // ---- text ---------------------------------------------------------------------------------

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Typed text as a person reads it: in quotes, a line end as \n. */
    private static String quoted(String s) {
        return "'" + (s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")) + "'";
    }

    /**
     * Text for HTML, in an element or an attribute: {@code & < > " '} escaped; control
     * characters (a console's escape sequences) shown as their symbols (␛), a lone carriage
     * return as a line end.
     */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                case '\r' -> {
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') out.append('\n');
                }
                default -> {
                    if (c < 0x20) out.append((char) (0x2400 + c));
                    else if (c == 0x7f) out.append('\u2421');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            :root{font:14px/1.45 system-ui,sans-serif;color:#1f2328;background:#fff}
            body{margin:0 auto;max-width:1240px;padding:12px 20px}
            h1{font-size:19px;margin:0 0 8px}
            pre{font:12px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
            header{border-bottom:1px solid #d1d9e0;padding-bottom:8px}
            .verdict{display:inline-block;font-weight:600;padding:6px 10px;border-radius:4px;margin:0 0 6px}
            .passed .verdict{background:#dafbe1;color:#116329;border:2px solid #1a7f37}
            .failed .verdict{background:#ffebe9;color:#a40e26;border:2px solid #cf222e}
            .details{background:#f6f8fa;padding:6px 8px;border-radius:4px}
            .facts{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:6px 0 0}
            .facts dt{color:#59636e}
            .facts dd{margin:0}
            .timeline{list-style:none;padding:0;margin:12px 0}
            .timeline>li{display:flex;gap:12px;padding:4px 8px;margin:0 0 4px;border-left:4px solid #d1d9e0;border-radius:3px}
            .timeline time{flex:none;width:58px;text-align:right;color:#59636e;font-variant-numeric:tabular-nums}
            .what{flex:1;min-width:0;display:flex;gap:12px;align-items:flex-start}
            .what>pre,.what>details,.what>.strip,.said{flex:1;min-width:0}
            .serial .what{display:block}
            .action .said{flex:0 1 360px}
            .log{color:#59636e}
            .log.warn{color:#953800;background:#fff1e5;border-left-color:#e16f24;font-weight:600}
            .rule{background:#fff8c5;border-left-color:#d4a72c}
            .rule .what{display:block}
            .where{font-weight:600}
            .source{background:#fff;border:1px solid #e3d78a;padding:2px 6px}
            .source .n{color:#8c959f;margin-right:12px;user-select:none}
            .did{color:#59636e}
            .action{background:#ddf4ff;border-left-color:#0969da}
            .state{background:#fbefff;border-left-color:#8250df}
            .serial .text{background:#0d1117;color:#e6edf3;padding:4px 6px;border-radius:3px}
            .serial details pre{background:#161b22;color:#c9d1d9;padding:4px 6px}
            summary{cursor:pointer;color:#59636e}
            .error{color:#a40e26;font-weight:600}
            .done{color:#116329}
            .answered pre{display:inline;background:#0d1117;color:#e6edf3;padding:1px 4px}
            .strip{display:flex;gap:8px;overflow-x:auto;padding-bottom:4px}
            .shot{margin:0;flex:none;text-align:center;font-size:11px;color:#59636e}
            .thumb{display:block;width:240px;background-size:100% 100%;background-color:#000;outline:1px solid #d1d9e0;print-color-adjust:exact;-webkit-print-color-adjust:exact}
            .thumb.missing{aspect-ratio:16/10;background:repeating-linear-gradient(45deg,#eee 0 8px,#fff 8px 16px)}
            .end{border:3px solid #1a7f37;background:#dafbe1;padding:8px}
            .end.failing-step{border:3px solid #cf222e;background:#ffebe9;color:#a40e26}
            .viewer{display:none;position:fixed;inset:0;z-index:1;background:rgba(0,0,0,.88);overflow:auto;padding:20px}
            .viewer:target{display:block}
            .viewer .shut{position:fixed;inset:0;cursor:zoom-out}
            .viewer figure{position:relative;margin:0 auto;display:flex;flex-wrap:wrap;gap:16px;justify-content:center;align-items:flex-start}
            .viewer figcaption{width:100%;color:#fff;text-align:center}
            .viewer figcaption a{color:#9cd2ff}
            .full{max-width:100%;background-size:100% 100%}
            .viewer .text{background:#000;color:#ddd;padding:8px;margin:0;white-space:pre;overflow:auto;max-width:100%}
            """;
}
