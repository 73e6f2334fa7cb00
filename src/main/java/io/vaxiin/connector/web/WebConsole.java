package io.vaxiin.connector.web;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.Key;
import io.vaxiin.connector.KeyCombo;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.devtools.v156.input.Input;
import org.openqa.selenium.devtools.v156.page.Page;
import org.openqa.selenium.devtools.v156.runtime.Runtime;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.imageio.ImageIO;

/**
 * A KVM console that only a browser can open: the BMC's HTML5 viewer, in headless Chromium,
 * driven by a {@link ViewerProfile}. Frames are the pixels of the viewer's canvas alone (not its
 * toolbars), read in the page as PNG when the page's drawing calls on that canvas say it changed
 * (a hook on the 2D context, signalling through a CDP binding: no polling); keys go to the
 * canvas as CDP key events, each sent when the previous one was taken. When the canvas goes (the
 * viewer dropped, the page reloaded) the profile is run again, once per drop, a bounded number
 * of times. Closing (and a JVM shutdown, SIGTERM included) logs out and ends the browser.
 */
public final class WebConsole implements Console {

    private static final String BINDING = "vaxiinCanvasChanged";
    /** How often a canvas whose drawing calls could not be hooked is read (said in the log when it happens). */
    static final Duration FALLBACK_POLL = Duration.ofMillis(500);
    /** How often the watcher checks that the canvas is still in the page while nothing is drawn. */
    private static final Duration LIVENESS = Duration.ofSeconds(2);

    private enum State { OPEN, RECONNECTING, FAILED, CLOSED }

    private final WebConfig config;
    private final String describe;
    private final String hookScript;
    private final BrowserSession browser;
    private final ProfileRunner runner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Object driverLock = new Object();
    private final Thread watcher;
    private final Thread onShutdown;
    // Guarded by lock.
    private State state = State.OPEN;
    private ConnectorException failure;
    private boolean dirty;
    private Frame frame;
    private int[] pixels;
    private long version;
    // Used by the connecting thread, then the watcher only (under driverLock).
    private WebElement canvas;
    private boolean hooked;
    private int reconnects;
    private volatile long captures;

    private WebConsole(WebConfig config, BrowserSession browser) {
        this.config = config;
        this.describe = config.describe();
        this.browser = browser;
        this.runner = new ProfileRunner(browser, config);
        this.hookScript = resource("canvas-hook.js");
        this.watcher = new Thread(this::watch, "web-viewer " + config.baseUrl());
        watcher.setDaemon(true);
        this.onShutdown = new Thread(this::close, "web-viewer-logout " + config.baseUrl());
    }

    /**
     * Checks the BMC's certificate, starts Chromium, runs the profile up to the canvas and reads
     * the first frame.
     *
     * @throws ConnectorException when a step fails (naming it, the page and a screenshot), the
     *                            credentials are refused, or the certificate is not trusted
     */
    public static WebConsole connect(WebConfig config) {
        Objects.requireNonNull(config, "config");
        String spki = config.scheme().equals("https") ? PinnedCertificate.check(config) : null;
        BrowserSession browser = BrowserSession.start(spki, config.profile().timeout(), config.describe());
        WebConsole c = new WebConsole(config, browser);
        java.lang.Runtime.getRuntime().addShutdownHook(c.onShutdown);
        try {
            c.listen();
            c.openViewer();
            c.capture();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        c.watcher.start();
        return c;
    }

    @Override
    public String describe() {
        return describe;
    }

    /** How many times the canvas was read; for tests and the benchmark. */
    public long captures() {
        return captures;
    }

    /** True when the canvas's drawing calls are hooked (no polling). */
    public boolean hooked() {
        return hooked;
    }

    // ---- the page ----

    /** The binding the hook calls, and the hook itself in every document the page loads from now on. */
    private void listen() {
        browser.devTools.send(Runtime.enable());
        browser.devTools.send(Runtime.addBinding(BINDING, Optional.empty(), Optional.empty()));
        browser.devTools.addListener(Runtime.bindingCalled(), e -> {
            if (BINDING.equals(e.getName())) signal();
        });
        browser.devTools.send(Page.enable(Optional.empty()));
        browser.devTools.send(Page.addScriptToEvaluateOnNewDocument(hookScript, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** Runs the profile, then watches its canvas: marks it, makes sure the hook is there, focuses it. */
    private void openViewer() {
        String window = browser.driver.getWindowHandle();
        canvas = runner.open();
        if (!browser.driver.getWindowHandle().equals(window)) {
            // the console opened in a window of its own: the DevTools session follows it
            browser.devTools.createSession(browser.driver.getWindowHandle());
            listen();
        }
        // the hook again in the canvas's own document: it may have loaded before the DevTools session followed it
        script(hookScript);
        // A canvas whose context is not 2D (WebGL, a bitmap renderer) draws without the hooked calls.
        // One whose context was made before the hook (a window opened before the session followed it)
        // has no kind recorded: its 2D calls still go through the hooked prototype.
        Object kind = script("const c = arguments[0]; c.__vaxiinWatched = true;"
                + " for (let w = c.ownerDocument.defaultView; w.frameElement; w = w.parent) w.frameElement.focus();"
                + " c.focus(); if (typeof window." + BINDING + " !== 'function') return 'no binding';"
                + " return window.__vaxiinHooked === true ? (c.__vaxiinContext || '2d') : null;", canvas);
        hooked = "2d".equals(kind);
        if (!hooked) {
            // "no binding": the canvas is in a frame of another origin (a renderer of its own), which the page's DevTools session does not reach
            config.log().accept(describe + ": the canvas's drawing calls could not be hooked ("
                    + (kind == null ? "the page did not take the hook" : "no binding".equals(kind) ? "its frame is out of the page's reach"
                       : "it draws with " + kind + ", not 2D") + "); reading it every "
                    + FALLBACK_POLL.toMillis() + " ms instead");
        }
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(js, args);
    }

    private void signal() {
        lock.lock();
        try {
            dirty = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the canvas's pixels; a new version when they differ from the last.
     *
     * @return false when the canvas is no longer in the page
     */
    private boolean capture() {
        Object data;
        synchronized (driverLock) {
            data = script("const c = arguments[0]; if (!c.isConnected || c.width === 0 || c.height === 0) return null;"
                    + " return c.toDataURL('image/png');", canvas);
        }
        captures++;
        if (!(data instanceof String url)) return false;
        BufferedImage png;
        try {
            png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectorException(Kind.PROTOCOL, config.baseUrl(), "web viewer", "frame", describe + ": the canvas gave no readable PNG", e);
        }
        int w = png.getWidth(), h = png.getHeight();
        int[] px = png.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
        lock.lock();
        try {
            Rectangle diff = pixels == null || frame.width() != w || frame.height() != h ? new Rectangle(0, 0, w, h) : difference(pixels, px, w, h);
            if (diff == null) return true;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, w, h, px, 0, w);
            pixels = px;
            frame = new Frame(img, ++version, diff, Instant.now());
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The bounding box of the pixels that differ, or null when none does. */
    private static Rectangle difference(int[] a, int[] b, int w, int h) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (a[row + x] != b[row + x]) {
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                    if (y < minY) minY = y;
                    maxY = y;
                }
            }
        }
        return maxX < 0 ? null : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    // ---- the watcher thread ----

    private void watch() {
        while (true) {
            boolean draw;
            lock.lock();
            try {
                long wait = (hooked ? LIVENESS : FALLBACK_POLL).toNanos();
                while (!dirty && state == State.OPEN && wait > 0) wait = changed.awaitNanos(wait);
                if (state == State.CLOSED || state == State.FAILED) return;
                draw = dirty || !hooked;
                dirty = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                boolean there;
                if (draw) {
                    there = capture();
                } else {
                    synchronized (driverLock) {
                        there = Boolean.TRUE.equals(script("return arguments[0].isConnected;", canvas));
                    }
                }
                if (!there) reconnect("the viewer's canvas left the page");
            } catch (ConnectorException e) {
                if (isClosed()) return;
                fail(e);
                return;
            } catch (WebDriverException e) {
                if (isClosed()) return;
                try {
                    // a canvas taken out of the page is "stale" to chromedriver (a viewer that disconnected removes it)
                    reconnect(e instanceof org.openqa.selenium.StaleElementReferenceException ? "the viewer's canvas left the page"
                            : "the page went away (" + ProfileRunner.firstLine(e) + ")");
                } catch (ConnectorException again) {
                    fail(again);
                    return;
                }
            }
        }
    }

    /** Runs the profile again after a drop, at most {@link WebConfig#maxReconnects} times in the console's life. */
    private void reconnect(String reason) {
        if (isClosed()) return;
        if (reconnects >= config.maxReconnects()) {
            throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "reconnect", describe + ": " + reason
                    + ", and it was opened again " + reconnects + " time" + (reconnects == 1 ? "" : "s") + " already: giving up");
        }
        reconnects++;
        setState(State.RECONNECTING);
        config.log().accept(describe + ": " + reason + "; opening the viewer again (" + reconnects + "/" + config.maxReconnects() + ")");
        synchronized (driverLock) {
            if (runner.loggedIn()) runner.logout();
            openViewer();
        }
        capture();
        setState(State.OPEN);
        config.log().accept(describe + ": the viewer is open again");
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    private void setState(State s) {
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            state = s;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(ConnectorException e) {
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            failure = e;
            state = State.FAILED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- frames ----

    @Override
    public Frame frame(Duration timeout) {
        try {
            return await(0, timeout, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "frame", describe + ": interrupted while waiting for a frame", e);
        }
    }

    @Override
    public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        return await(sinceVersion, timeout, false);
    }

    private Frame await(long since, Duration timeout, boolean any) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (state == State.CLOSED) throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "frame", describe + " is closed");
                if (state == State.FAILED) throw again(failure);
                if (frame != null && (any || state == State.OPEN && frame.version() > since)) return frame;
                if (left <= 0) {
                    if (frame != null) return frame;
                    throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "frame",
                            describe + ": the canvas gave no frame within " + ProfileRunner.seconds(timeout));
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static ConnectorException again(ConnectorException f) {
        return new ConnectorException(f.kind(), f.endpoint(), f.protocol(), f.phase(), f.getMessage(), f);
    }

    // ---- keys ----

    @Override
    public void press(KeyCombo keys) {
        Objects.requireNonNull(keys, "keys");
        awaitOpen();
        int mods = 0;
        for (Key m : keys.modifiers()) {
            mods |= DomKeys.modifierBit(m);
            send("keyDown", DomKeys.of(m), mods, false);
        }
        boolean printable = keys.key().name().length() == 1;
        // shift-a is what a keyboard makes "A" with: the page sees key "A" (and shift-1 "!")
        DomKeys.DomKey k = printable && (mods & DomKeys.SHIFT) != 0 ? DomKeys.ofChar(DomKeys.shifted(keys.key().name().charAt(0))) : DomKeys.of(keys.key());
        // ctrl-c and alt-x type nothing: the text is left out so the page sees a shortcut, not a character
        boolean text = (mods & ~DomKeys.SHIFT) == 0;
        if (printable && text && DomKeys.needsShift(keys.key().name().charAt(0)) && (mods & DomKeys.SHIFT) == 0) {
            type(keys.key().name());
        } else {
            if (printable && !text && (mods & DomKeys.SHIFT) == 0 && Character.isUpperCase(k.key().charAt(0))) {
                k = DomKeys.ofChar(Character.toLowerCase(k.key().charAt(0))); // ctrl-A means ctrl-a
            }
            send("keyDown", k, mods, text);
            send("keyUp", k, mods, false);
        }
        for (int i = keys.modifiers().size() - 1; i >= 0; i--) {
            Key m = keys.modifiers().get(i);
            mods &= ~DomKeys.modifierBit(m);
            send("keyUp", DomKeys.of(m), mods, false);
        }
    }

    @Override
    public void type(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) DomKeys.ofChar(text.charAt(i)); // an untypable character fails before the first key goes
        awaitOpen();
        DomKeys.DomKey shift = DomKeys.of(Key.byName("Shift").orElseThrow());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            DomKeys.DomKey k = DomKeys.ofChar(c);
            boolean shifted = DomKeys.needsShift(c);
            if (shifted) send("keyDown", shift, DomKeys.SHIFT, false);
            send("keyDown", k, shifted ? DomKeys.SHIFT : 0, true);
            send("keyUp", k, shifted ? DomKeys.SHIFT : 0, false);
            if (shifted) send("keyUp", shift, 0, false);
        }
    }

    /** One key event, sent when the page took the one before (CDP answers once the renderer has handled it). */
    private void send(String type, DomKeys.DomKey k, int modifiers, boolean withText) {
        String text = withText ? k.text() : null;
        try {
            browser.devTools.send(Input.dispatchKeyEvent(
                    type.equals("keyDown") && text == null ? Input.DispatchKeyEventType.RAWKEYDOWN
                            : type.equals("keyDown") ? Input.DispatchKeyEventType.KEYDOWN : Input.DispatchKeyEventType.KEYUP,
                    Optional.of(modifiers), Optional.empty(), Optional.ofNullable(text), Optional.ofNullable(text), Optional.empty(),
                    Optional.of(k.code()), Optional.of(k.key()), Optional.of(k.keyCode()), Optional.of(k.keyCode()),
                    Optional.of(false), Optional.of(false), Optional.of(false), Optional.of(k.location()), Optional.empty()));
        } catch (WebDriverException e) {
            throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "key event",
                    describe + ": the browser did not take a key (" + ProfileRunner.firstLine(e) + ")", e);
        }
    }

    /** Waits while the viewer is being opened again; fails when the console failed or closed. */
    private void awaitOpen() {
        lock.lock();
        try {
            long left = TimeUnit.SECONDS.toNanos(120);
            while (state == State.RECONNECTING && left > 0) left = changed.awaitNanos(left);
            if (state == State.CLOSED) throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "key event", describe + " is closed");
            if (state == State.FAILED) throw again(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, config.baseUrl(), "web viewer", "key event", describe + ": interrupted while the viewer reopened", e);
        } finally {
            lock.unlock();
        }
    }

    // ---- closing ----

    /** Logs out (the profile's logout steps, when the login was reached) and ends the browser. Idempotent; also the shutdown hook. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != watcher) {
            watcher.interrupt();
            try {
                watcher.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            synchronized (driverLock) {
                if (runner.loggedIn()) runner.logout();
            }
        } catch (RuntimeException e) {
            config.log().accept(describe + ": logout failed: " + ProfileRunner.firstLine(e));
        } finally {
            browser.quit();
            if (Thread.currentThread() != onShutdown) {
                try {
                    java.lang.Runtime.getRuntime().removeShutdownHook(onShutdown);
                } catch (IllegalStateException ignored) {
                    // the JVM is shutting down: the hook runs close() too, which returns at once
                }
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = WebConsole.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    @Override
    public String toString() {
        return "WebConsole{" + config.baseUrl() + ", " + config.profile().name() + "}";
    }
}
