package io.vaxiin.connector.serial;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** Why a connection failed or broke, as a person says it in one line. */
final class Reasons {

    private Reasons() {
    }

    /** Why a connection attempt failed: "connection refused", "no answer within 10 seconds". */
    static String connect(IOException e, Duration timeout) {
        if (e instanceof ConnectException) {
            String m = e.getMessage();
            return m != null && m.toLowerCase(Locale.ROOT).contains("timed out") ? "no answer (connection timed out)" : "connection refused";
        }
        if (e instanceof SocketTimeoutException) return "no answer within " + seconds(timeout);
        if (e instanceof UnknownHostException) return "unknown host";
        if (e instanceof NoRouteToHostException) return "no route to host";
        return detail(e);
    }

    /** Why an open connection broke: "connection reset by the peer". */
    static String loss(IOException e) {
        if (e instanceof EOFException) return "connection closed by the peer";
        String m = e.getMessage();
        if (m != null && m.toLowerCase(Locale.ROOT).contains("connection reset")) return "connection reset by the peer";
        return detail(e);
    }

    /** An exception's message made safe for one log line: printable, at most 200 characters. */
    static String detail(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length() && b.length() < 200; i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        return b.toString().trim();
    }

    /** "1 second", "10 seconds", "250 ms". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + (ms == 1000 ? " second" : " seconds") : ms + " ms";
    }
}
