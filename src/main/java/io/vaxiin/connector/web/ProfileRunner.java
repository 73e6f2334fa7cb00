package io.vaxiin.connector.web;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.web.ViewerProfile.Step;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a viewer profile's steps in a browser: logs in, opens the console and returns its canvas;
 * logs out. Each wait looks at the page every {@link #LOOK} until its step's timeout; a step that
 * does not pass in time fails with one line naming the step, the page and a screenshot of it.
 */
final class ProfileRunner {

    /** How often a waiting step looks at the page again. */
    static final Duration LOOK = Duration.ofMillis(100);
    /** The most a logout step waits: logging out must not hold a recovery's exit for long. */
    static final Duration LOGOUT_WAIT = Duration.ofSeconds(5);

    private final BrowserSession browser;
    private final WebConfig config;
    private final ViewerProfile profile;
    private Set<String> windows = new LinkedHashSet<>();
    private boolean loggedIn;

    ProfileRunner(BrowserSession browser, WebConfig config) {
        this.browser = browser;
        this.config = config;
        this.profile = config.profile();
    }

    /** True once a step after a fill of the password has run: logout is then owed to the BMC. */
    boolean loggedIn() {
        return loggedIn;
    }

    /**
     * Runs the profile's steps up to its canvas.
     *
     * @return the canvas element (the driver is left in the frame that holds it)
     * @throws ConnectorException when a step fails (UNREACHABLE), the page refuses the credentials
     *                            (AUTHENTICATION), or the console is in use and the profile may not take it (REFUSED)
     */
    WebElement open() {
        WebDriver d = browser.driver;
        d.switchTo().defaultContent();
        windows = new LinkedHashSet<>(d.getWindowHandles());
        boolean passwordGiven = false;
        for (Step step : profile.steps()) {
            config.log().accept(config.describe() + ": " + step.describe() + " (" + step.where() + ")");
            WebElement e = run(step, step.timeout(), passwordGiven);
            if (step.word() == ViewerProfile.Word.FILL && step.secret()) passwordGiven = true;
            else if (passwordGiven) loggedIn = true;
            if (step.word() == ViewerProfile.Word.CANVAS) {
                String tag = e.getTagName();
                if (!"canvas".equalsIgnoreCase(tag)) {
                    throw fail(step, Kind.PROTOCOL, "found a <" + tag + ">, not a <canvas>: the selector must name the console's canvas element");
                }
                return e;
            }
        }
        throw new IllegalStateException("a profile ends with canvas (ViewerProfiles checks it)");
    }

    /** Runs the logout steps, each given at most {@link #LOGOUT_WAIT}; a failing step is told and the rest still run. */
    void logout() {
        if (profile.logout().isEmpty()) return;
        try {
            browser.driver.switchTo().defaultContent();
        } catch (WebDriverException ignored) {
            // the steps say where they go
        }
        for (Step step : profile.logout()) {
            Duration wait = step.timeout().compareTo(LOGOUT_WAIT) < 0 ? step.timeout() : LOGOUT_WAIT;
            try {
                config.log().accept(config.describe() + ": logout: " + step.describe() + " (" + step.where() + ")");
                run(step, wait, false);
            } catch (ConnectorException | WebDriverException e) {
                config.log().accept(config.describe() + ": logout step " + step.describe() + " (" + step.where() + ") failed: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        loggedIn = false;
    }

    private WebElement run(Step step, Duration timeout, boolean checkLogin) {
        WebDriver d = browser.driver;
        long deadline = System.nanoTime() + timeout.toNanos();
        switch (step.word()) {
            case OPEN -> {
                String url = step.selector().startsWith("/") ? config.baseUrl() + step.selector() : step.selector();
                d.manage().timeouts().pageLoadTimeout(timeout);
                try {
                    d.get(url);
                } catch (TimeoutException e) {
                    throw fail(step, Kind.UNREACHABLE, "did not load in " + seconds(timeout));
                } catch (WebDriverException e) {
                    throw fail(step, Kind.UNREACHABLE, "could not load (" + firstLine(e) + ")");
                }
                return null;
            }
            case FILL -> {
                WebElement field = await(step, deadline, timeout, step.selector(), true, checkLogin);
                char[] secret = null;
                try {
                    String v = step.value();
                    if (v.contains("${user}")) {
                        if (config.username() == null) throw fail(step, Kind.AUTHENTICATION, "needs a user name, and the target has none"
                                + " (web+https://USER:env:NAME@HOST, or credentials in the inventory)");
                        v = v.replace("${user}", config.username());
                    }
                    field.clear();
                    if (v.contains("${password}")) {
                        secret = config.password();
                        if (secret == null) throw fail(step, Kind.AUTHENTICATION, "needs a password, and the target has none"
                                + " (web+https://USER:env:NAME@HOST or :file:PATH, or credentials in the inventory)");
                        String[] parts = v.split("\\$\\{password}", -1);
                        List<CharSequence> keys = new ArrayList<>();
                        for (int i = 0; i < parts.length; i++) {
                            if (!parts[i].isEmpty()) keys.add(parts[i]);
                            if (i < parts.length - 1) keys.add(CharBuffer.wrap(secret));
                        }
                        field.sendKeys(keys.toArray(new CharSequence[0]));
                    } else {
                        field.sendKeys(v);
                    }
                } finally {
                    if (secret != null) Arrays.fill(secret, '\0');
                }
                return field;
            }
            case CLICK -> {
                while (true) {
                    WebElement b = await(step, deadline, timeout, step.selector(), true, checkLogin);
                    try {
                        b.click();
                        return b;
                    } catch (WebDriverException e) {
                        // covered by an overlay still fading out, or replaced while we clicked: look again
                        if (System.nanoTime() > deadline) throw fail(step, Kind.UNREACHABLE, "could not be clicked (" + firstLine(e) + ")");
                        pause();
                    }
                }
            }
            case WAIT -> {
                switch (step.subject()) {
                    case WINDOW -> newWindow(step, deadline, timeout);
                    case FRAME -> await(step, deadline, timeout, step.selector(), false, checkLogin);
                    default -> await(step, deadline, timeout, step.selector(), true, checkLogin);
                }
                return null;
            }
            case SWITCH -> {
                switch (step.subject()) {
                    case WINDOW -> {
                        String w = newWindow(step, deadline, timeout);
                        d.switchTo().window(w);
                        windows = new LinkedHashSet<>(d.getWindowHandles());
                    }
                    case TOP -> d.switchTo().defaultContent();
                    default -> d.switchTo().frame(await(step, deadline, timeout, step.selector(), false, checkLogin));
                }
                return null;
            }
            case ACQUIRE_IF, DISMISS -> {
                WebElement dialog = dialogOrCanvas(step, deadline);
                if (dialog == null) return null;
                if (step.word() == ViewerProfile.Word.ACQUIRE_IF && !profile.acquire()) {
                    throw fail(step, Kind.REFUSED, "found the console in use by another session (the page says: " + text(dialog)
                            + "); " + profile.file().getFileName() + " does not say acquire: true, so it is not taken over");
                }
                config.log().accept(config.describe() + ": " + (step.word() == ViewerProfile.Word.DISMISS ? "dismissing " : "acquiring the console: ")
                        + step.selector() + " (the page says: " + text(dialog) + ")");
                Step click = new Step(ViewerProfile.Word.CLICK, ViewerProfile.Subject.ELEMENT, step.click(), null, null, step.timeout(), step.file(), step.line());
                return run(click, Duration.ofNanos(Math.max(deadline - System.nanoTime(), LOOK.toNanos())), false);
            }
            case CANVAS -> {
                return await(step, deadline, timeout, step.selector(), true, checkLogin);
            }
        }
        throw new IllegalStateException(step.word().toString());
    }

    /** The dialog of an acquire-if or dismiss step, once shown; null when the canvas comes first or the time passes. */
    private WebElement dialogOrCanvas(Step step, long deadline) {
        while (true) {
            WebElement dialog = find(step.selector(), true);
            if (dialog != null) return dialog;
            if (find(profile.canvas().selector(), true) != null || System.nanoTime() > deadline) return null;
            pause();
        }
    }

    /** The first element matching {@code css} (shown, when {@code shown}), waiting for it. */
    private WebElement await(Step step, long deadline, Duration timeout, String css, boolean shown, boolean checkLogin) {
        while (true) {
            if (checkLogin) refusedLogin(step);
            WebElement e = find(css, shown);
            if (e != null) return e;
            if (System.nanoTime() > deadline) throw fail(step, Kind.UNREACHABLE, "did not pass in " + seconds(timeout));
            pause();
        }
    }

    private WebElement find(String selector, boolean shown) {
        ViewerProfiles.Selector sel = ViewerProfiles.Selector.of(selector);
        String words = sel.text() == null ? null : sel.text().toLowerCase(java.util.Locale.ROOT);
        try {
            WebElement best = null;
            int shortest = Integer.MAX_VALUE;
            for (WebElement e : browser.driver.findElements(By.cssSelector(sel.css()))) {
                if (shown && !e.isDisplayed()) continue;
                if (words == null) return e;
                // of the elements whose text holds the words, the one with the least other text (a button, not its page)
                String text = e.getText().toLowerCase(java.util.Locale.ROOT);
                if (text.contains(words) && text.length() < shortest) {
                    best = e;
                    shortest = text.length();
                }
            }
            if (best != null) return best;
        } catch (WebDriverException e) {
            // the page is changing under us (navigation, a replaced node): look again
        }
        return null;
    }

    /** Fails with AUTHENTICATION when the profile's loginError element is shown. */
    private void refusedLogin(Step step) {
        if (profile.loginError() == null) return;
        WebElement e = find(profile.loginError(), true);
        if (e != null) {
            String said = text(e);
            throw fail(step, Kind.AUTHENTICATION, "was not reached: the BMC refused the user name or password"
                    + (config.username() == null ? "" : " of '" + config.username() + "'") + (said.isEmpty() ? "" : " (the page says: " + said + ")"));
        }
    }

    private String newWindow(Step step, long deadline, Duration timeout) {
        while (true) {
            Set<String> now = new LinkedHashSet<>(browser.driver.getWindowHandles());
            now.removeAll(windows);
            if (!now.isEmpty()) return now.iterator().next();
            if (System.nanoTime() > deadline) throw fail(step, Kind.UNREACHABLE, "did not pass in " + seconds(timeout) + ": no new window opened");
            pause();
        }
    }

    /** The one-line failure of a step, with the page it was on and a screenshot of it. */
    ConnectorException fail(Step step, Kind kind, String why) {
        String page = browser.page();
        Path dir = config.evidence();
        Path shot = null;
        try {
            if (dir == null) dir = Files.createTempDirectory("vaxiin-web-");
            shot = browser.screenshot(dir.resolve("web-viewer-" + config.profile().name() + "-line" + step.line() + ".png"));
        } catch (java.io.IOException ignored) {
            // no folder for it: the line still says what failed
        }
        String message = config.describe() + ": step '" + step.describe() + "' (" + step.where() + ") " + why + "; the page was " + page
                + (shot == null ? "" : "; screenshot: " + shot);
        return new ConnectorException(kind, config.baseUrl(), "web viewer", step.word().word, message);
    }

    private static String text(WebElement e) {
        try {
            return e.getText().replaceAll("\\s+", " ").trim();
        } catch (WebDriverException ex) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(LOOK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, "", "web viewer", "step", "interrupted while waiting for the page", e);
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim();
    }

    /** Runs a script in the page (the current frame). */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(js, args);
    }
}
