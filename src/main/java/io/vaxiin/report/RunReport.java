package io.vaxiin.report;

import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes {@code report.html}: one self-contained page (no server, no network) with the run's
 * timeline. TODO(issue 18): thumbnails, full-size view, rule lines — being written.
 */
public final class RunReport {

    private RunReport() {}

    public static void write(Recording recording, ReportInput input, Path file) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>").append(esc(input.title())).append("</title>");
        html.append("<h1>").append(esc(input.title())).append("</h1><p class=verdict>").append(esc(input.verdict())).append("</p><ol>");
        for (Event e : recording.events()) {
            html.append("<li>").append(e.clock()).append(' ').append(esc(e.kind()));
            if (e.kind().equals("frame")) {
                Recording.Shot s = recording.frame(e.text("frame"));
                if (s != null && s.png() != null) {
                    html.append("<img width=240 src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(s.png())).append("\">");
                }
            } else {
                html.append(' ').append(esc(String.valueOf(e.data())));
            }
        }
        html.append("</ol>");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
