package io.vaxiin.bench;

import io.vaxiin.connector.serial.SerialBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Serial decoding figures: how fast a {@link SerialBuffer} takes a console's bytes (in 64 KiB
 * pieces, as a reader thread hands them over, into the default bound of a million characters),
 * for plain boot-log lines, coloured lines (an SGR sequence every few words) and UTF-8 text with
 * progress rewrites; baseline: the JDK's own UTF-8 decoding of the same bytes into a String,
 * which does no terminal work and keeps no history. Median of 15 runs of 16 MB each, after 5 warm-up runs.
 * Run: {@code bin/bench serial}.
 */
public final class SerialBench {

    private static final int RUNS = 15, WARMUP = 5, SIZE = 16 * 1024 * 1024, PIECE = 64 * 1024;

    public static void main(String[] args) {
        System.out.println("Vaxiin serial bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        run("plain lines", fill("[    1.234567] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.\r\n"));
        run("coloured lines", fill("\u001b[0;32m  OK  \u001b[0m] Started \u001b[0;1;39mJournal Service\u001b[0m.\r\n"));
        run("UTF-8 + rewrites", fill("Prüfe Dateisystem … 42 %\r\u001b[KPrüfe Dateisystem … 43 % ✓\r\n"));
    }

    private static byte[] fill(String line) {
        byte[] one = line.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[SIZE];
        for (int off = 0; off < SIZE; off += one.length) System.arraycopy(one, 0, all, off, Math.min(one.length, SIZE - off));
        return all;
    }

    private static void run(String name, byte[] bytes) {
        List<Double> buffer = new ArrayList<>(), jdk = new ArrayList<>();
        long sink = 0;
        for (int i = 0; i < RUNS + WARMUP; i++) {
            long t0 = System.nanoTime();
            SerialBuffer b = new SerialBuffer();
            for (int off = 0; off < bytes.length; off += PIECE) b.accept(bytes, off, Math.min(PIECE, bytes.length - off));
            sink += b.recent().text().length();
            long t1 = System.nanoTime();
            for (int off = 0; off < bytes.length; off += PIECE) {
                sink += new String(bytes, off, Math.min(PIECE, bytes.length - off), StandardCharsets.UTF_8).length();
            }
            long t2 = System.nanoTime();
            if (i >= WARMUP) {
                buffer.add(mbPerSecond(bytes.length, t1 - t0));
                jdk.add(mbPerSecond(bytes.length, t2 - t1));
            }
        }
        System.out.printf(Locale.ROOT, "%-17s SerialBuffer %6.0f MB/s (min %.0f, max %.0f); baseline JDK UTF-8 decode %6.0f MB/s  [%d]%n",
                name, median(buffer), Collections.min(buffer), Collections.max(buffer), median(jdk), sink % 10);
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
