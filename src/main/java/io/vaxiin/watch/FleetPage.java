package io.vaxiin.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Watch mode's HTTP side ({@code --http HOST:PORT}), on the JDK's own HTTP server: the live fleet
 * page at {@code /} (plain HTML and a few lines of script that poll {@code /state.json} each
 * second: no framework, nothing fetched from elsewhere, so it works offline), {@code /metrics}
 * for Prometheus, and each server's last screen at {@code /screen?server=NAME} (PNG) and its
 * text at {@code /text?server=NAME}.
 */
public final class FleetPage implements AutoCloseable {

    private final HttpServer server;

    private FleetPage(HttpServer server) {
        this.server = server;
    }

    public static FleetPage start(String host, int port, FleetView fleet, Metrics metrics) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
            byte[] page = page();
            http.createContext("/", ex -> {
                if (!ex.getRequestURI().getPath().equals("/")) {
                    send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, "text/html; charset=utf-8", page);
                }
            });
            http.createContext("/state.json", ex -> send(ex, 200, "application/json; charset=utf-8",
                    groovy.json.JsonOutput.toJson(fleet.json()).getBytes(StandardCharsets.UTF_8)));
            http.createContext("/metrics", ex -> {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                metrics.write(out);
                send(ex, 200, Metrics.contentType(), out.toByteArray());
            });
            http.createContext("/screen", ex -> {
                byte[] png = fleet.picture(query(ex, "server"));
                if (png == null) send(ex, 404, "text/plain; charset=utf-8", "no screen\n".getBytes(StandardCharsets.UTF_8));
                else send(ex, 200, "image/png", png);
            });
            http.createContext("/text", ex -> {
                String text = fleet.text(query(ex, "server"));
                if (text == null) send(ex, 404, "text/plain; charset=utf-8", "no such server\n".getBytes(StandardCharsets.UTF_8));
                else send(ex, 200, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
            });
            http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "watch page");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            return new FleetPage(http);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the fleet page on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the one asked for, or the one the system chose for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static byte[] page() throws IOException {
        try (InputStream in = FleetPage.class.getResourceAsStream("fleet.html")) {
            if (in == null) throw new IOException("fleet.html is missing from the jar");
            return in.readAllBytes();
        }
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) return null;
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(key)) return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
