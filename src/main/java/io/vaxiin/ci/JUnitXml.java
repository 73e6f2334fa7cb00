package io.vaxiin.ci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The JUnit XML that CI servers show (GitHub Actions' test reporters, GitLab's
 * {@code artifacts:reports:junit}, Jenkins): one testcase per script and recording, named
 * "SCRIPT with RECORDING", its failure message the one line, its text the details and the screen.
 * Scripts no recording goes with are listed as skipped, so the gap shows.
 */
public final class JUnitXml {

    /** One testcase: {@code verdict} null for a script without a recording. */
    public record Case(String script, String recording, ReplayCase.Verdict verdict) {}

    private final List<Case> cases = new ArrayList<>();

    public void add(Case c) {
        cases.add(c);
    }

    public void write(Path file) throws IOException {
        int failures = 0, errors = 0, skipped = 0;
        double time = 0;
        for (Case c : cases) {
            if (c.verdict() == null) skipped++;
            else if (c.verdict().broken()) errors++;
            else if (!c.verdict().passed()) failures++;
            if (c.verdict() != null) time += c.verdict().real();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String counts = " tests=\"" + cases.size() + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped
                + "\" time=\"" + String.format(java.util.Locale.ROOT, "%.3f", time) + "\"";
        xml.append("<testsuites name=\"vaxiin test\"").append(counts).append(">\n");
        xml.append("  <testsuite name=\"vaxiin test\"").append(counts).append(" timestamp=\"")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\">\n");
        for (Case c : cases) {
            xml.append("    <testcase classname=\"").append(attr(c.script())).append("\" name=\"")
                    .append(attr(c.recording() == null ? c.script() : c.script() + " with " + c.recording())).append("\" time=\"")
                    .append(c.verdict() == null ? "0" : String.format(java.util.Locale.ROOT, "%.3f", c.verdict().real())).append("\"");
            if (c.verdict() != null && c.verdict().passed()) {
                xml.append("/>\n");
                continue;
            }
            xml.append(">\n");
            if (c.verdict() == null) {
                xml.append("      <skipped message=\"no recording goes with this script (add a line // replay: recordings/NAME)\"/>\n");
            } else {
                String tag = c.verdict().broken() ? "error" : "failure";
                xml.append("      <").append(tag).append(" type=\"replay\" message=\"").append(attr(c.verdict().line())).append("\">")
                        .append(text(c.verdict().line() + "\n" + String.join("\n", c.verdict().details())
                                + (c.verdict().folder() == null ? "" : "\nreport: " + c.verdict().folder().resolve("report.html"))))
                        .append("</").append(tag).append(">\n");
            }
            xml.append("    </testcase>\n");
        }
        xml.append("  </testsuite>\n</testsuites>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    private static String text(String s) {
        return clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** Without the characters XML 1.0 cannot hold (a console's control characters). */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF) {
                sb.appendCodePoint(c);
            } else {
                sb.append('?');
            }
        });
        return sb.toString();
    }
}
