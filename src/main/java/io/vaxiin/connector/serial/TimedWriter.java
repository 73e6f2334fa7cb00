package io.vaxiin.connector.serial;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes to a blocking socket with a timeout, which a socket write lacks: the bytes go in pieces
 * of up to 8 KiB, each watched by a timer; a piece the peer has not taken in time (it stopped
 * reading and the buffers are full) makes the timer close the socket, which ends the blocked
 * write. The timer's one daemon thread starts with the first write and stops with {@link #close()}.
 */
final class TimedWriter implements AutoCloseable {

    /** Bytes per watched piece. */
    static final int PIECE = 8 * 1024;

    /** A piece was not taken in time; the socket is closed. */
    static final class Expired extends IOException {
        Expired(IOException cause) {
            super("write timed out", cause);
        }
    }

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;

    TimedWriter(String threadName, Duration timeout) {
        this.timeout = timeout;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Writes all of {@code bytes} to {@code s}.
     *
     * @param onExpired run by the timer (before the socket is closed) when a piece is not taken in time
     * @throws Expired     when a piece was not taken in time
     * @throws IOException when the write failed, or this writer is closed
     */
    void write(Socket s, byte[] bytes, Runnable onExpired) throws IOException {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < bytes.length; off += PIECE) {
            // Whoever sets it first wins: the write (done in time) or the timer (too late).
            AtomicBoolean settled = new AtomicBoolean();
            ScheduledFuture<?> watch;
            try {
                watch = timer.schedule(() -> {
                    if (settled.compareAndSet(false, true)) {
                        onExpired.run();
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    }
                }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                throw new IOException("the writer is closed", e);
            }
            IOException failed = null;
            try {
                out.write(bytes, off, Math.min(PIECE, bytes.length - off));
            } catch (IOException e) {
                failed = e;
            } finally {
                watch.cancel(false);
            }
            if (!settled.compareAndSet(false, true)) throw new Expired(failed); // the socket is closed, whatever the write did
            if (failed != null) throw failed;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
