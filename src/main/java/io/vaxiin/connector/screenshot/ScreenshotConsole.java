package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.KeyCombo;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A read-only screen made of a BMC's screenshot API, for servers whose KVM cannot be reached:
 * {@link #connect} logs in and takes the first screenshot; a daemon thread then takes one every
 * {@link ScreenshotConfig#interval()} and makes it a new {@link Frame} when its pixels differ from
 * the last one. Rules, waits, {@code screen} and {@code screenshot} work on it as on any screen,
 * seeing a change at the next poll. Keys cannot be sent: {@link #press} and {@link #type} throw
 * a {@link ConnectorException} saying so and which console paths of the vendor take keys.
 *
 * <p>A poll that fails after the first keeps the last picture on the screen and says so once
 * (and once when screenshots come back); a host without video (Dell's LC099) shows as a black
 * screen; credentials refused later end the console (its next frame call throws). Thread-safe.
 */
public final class ScreenshotConsole implements Console {

    /** The protocol as messages name it. */
    static final String PROTOCOL = "screenshot API";
    /** How long {@link #close} waits for a poll under way to end (and log out) before leaving it. */
    private static final long CLOSE_WAIT_MS = 2000;

    private final ScreenshotConfig config;
    private final String describe;
    private final ScreenshotSource source;
    private final Thread poller;
    private final Object lock = new Object();
    // Guarded by lock.
    private Frame current;
    private ConnectorException failure;
    private boolean closed;
    // The poller's own: the warning said last, so each is said once.
    private String warned;

    private ScreenshotConsole(ScreenshotConfig config, ScreenshotSource source, BufferedImage first) {
        this.config = config;
        this.describe = describe(config);
        this.source = source;
        this.current = new Frame(first, 1, new Rectangle(0, 0, first.getWidth(), first.getHeight()), Instant.now());
        this.poller = new Thread(this::pollLoop, "screenshot-poller " + config.endpoint());
        poller.setDaemon(true);
    }

    /**
     * Logs in and takes the first screenshot, then polls.
     *
     * @throws ConnectorException when the BMC cannot be reached, refuses the credentials, sends
     *                            something that is not a screenshot, or has no video signal
     *                            ({@link NoVideoSignalException})
     */
    public static ScreenshotConsole connect(ScreenshotConfig config) {
        Objects.requireNonNull(config, "config");
        ScreenshotSource source = config.api().source(config);
        ScreenshotConsole console;
        try {
            source.login();
            BufferedImage first = Pictures.decode(source.capture(), describe(config), config.endpoint());
            console = new ScreenshotConsole(config, source, first);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        console.poller.start();
        return console;
    }

    /** "screenshot API at 10.0.0.5:443 (Dell ExportServerScreenShot)". */
    static String describe(ScreenshotConfig config) {
        return "screenshot API at " + config.endpoint() + " (" + config.api().title + ")";
    }

    public ScreenshotConfig config() {
        return config;
    }

    private void pollLoop() {
        try {
            while (waitInterval()) {
                poll();
            }
        } finally {
            // close() interrupts a poll under way; the logout must still be sent.
            Thread.interrupted();
            source.close();
        }
    }

    /** Sleeps one interval; false when the console closed meanwhile. */
    private boolean waitInterval() {
        long deadline = System.nanoTime() + config.interval().toNanos();
        synchronized (lock) {
            while (!closed && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return true;
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    private void poll() {
        BufferedImage picture;
        try {
            picture = Pictures.decode(source.capture(), describe, config.endpoint());
            if (warned != null) {
                warned = null;
                config.listener().accept(describe + ": screenshots again");
            }
        } catch (NoVideoSignalException e) {
            BufferedImage last;
            synchronized (lock) {
                last = current.image();
            }
            picture = Pictures.black(last.getWidth(), last.getHeight());
            warnOnce(e.getMessage() + "; the screen is black until the BMC sees video again");
        } catch (ConnectorException e) {
            if (isClosed()) return;
            if (e.kind() == Kind.AUTHENTICATION) {
                synchronized (lock) {
                    failure = e;
                    lock.notifyAll();
                }
                return;
            }
            warnOnce(e.getMessage() + "; the last screenshot stays on the screen, next try in " + seconds(config.interval()));
            return;
        }
        offer(picture);
    }

    private void warnOnce(String message) {
        if (message.equals(warned)) return;
        warned = message;
        config.listener().accept(message);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Makes {@code picture} the current frame when its pixels differ from the current one's. */
    private void offer(BufferedImage picture) {
        synchronized (lock) {
            Rectangle changed = Pictures.changed(current.image(), picture);
            if (changed == null) return;
            current = new Frame(picture, current.version() + 1, changed, Instant.now());
            lock.notifyAll();
        }
    }

    @Override
    public Frame frame(Duration timeout) {
        synchronized (lock) {
            checkUsable();
            return current;
        }
    }

    @Override
    public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                checkUsable();
                if (current.version() > sinceVersion) return current;
                long left = deadline - System.nanoTime();
                if (left <= 0) return current;
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Caller holds the lock. */
    private void checkUsable() {
        if (closed) throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, "frame", describe + " is closed");
        if (failure != null) {
            throw new ConnectorException(failure.kind(), failure.endpoint(), PROTOCOL, failure.phase(), failure.getMessage(), failure);
        }
    }

    @Override
    public void press(KeyCombo keys) {
        throw readOnly("press");
    }

    @Override
    public void type(String text) {
        throw readOnly("type");
    }

    private ConnectorException readOnly(String word) {
        return new ConnectorException(Kind.REFUSED, config.endpoint(), PROTOCOL, word,
                describe + " is a read-only console: keys need a console that takes them (" + config.api().keysElsewhere + ")");
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            lock.notifyAll();
        }
        poller.interrupt();
        try {
            // The poller logs out as it ends; a poll stuck on a silent BMC ends at its request timeout, not here.
            poller.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return (ms / 1000) + " s";
        if (ms < 1000) return ms + " ms";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
