package io.vaxiin.connector.web;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One headless Chromium, driven through chromedriver: Debian's {@code chromium} and
 * {@code chromium-driver}, found on PATH or named by {@code -Dvaxiin.chromium} /
 * {@code VAXIIN_CHROMIUM} and {@code -Dvaxiin.chromedriver} / {@code VAXIIN_CHROMEDRIVER}.
 * Selenium Manager never runs (both paths are given to Selenium, so it has nothing to look up),
 * so nothing is downloaded; its jar stays on the class path only because Selenium's DriverFinder
 * loads its class. Each session has a profile folder of its own, removed by {@link #quit},
 * which also ends every process the session started, whatever state the browser is in.
 */
final class BrowserSession {

    /** The flags an offline, headless Chromium needs (without them it hangs on a machine with no network). */
    static final List<String> FLAGS = List.of("--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1280,1024", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--no-default-browser-check", "--password-store=basic",
            "--disable-crash-reporter", "--disable-breakpad");

    /** Held while a browser starts: which new processes are whose is told by starting one at a time. */
    private static final Object STARTING = new Object();

    private static final Set<String> BROWSER_NAMES = Set.of("chromium", "chrome", "chromedriver", "chrome_crashpad_handler");

    static {
        // Selenium logs through java.util.logging straight to stderr; what matters reaches the user as
        // ConnectorExceptions. A CDP version warning would be noise: devtools-v156 matches Debian's 156.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    final DevTools devTools;
    private final ChromeDriverService service;
    private final Path userDataDir;
    private final List<ProcessHandle> processes;
    private boolean quit;

    private BrowserSession(ChromeDriver driver, DevTools devTools, ChromeDriverService service, Path userDataDir, List<ProcessHandle> processes) {
        this.driver = driver;
        this.devTools = devTools;
        this.service = service;
        this.userDataDir = userDataDir;
        this.processes = processes;
    }

    /**
     * Starts Chromium.
     *
     * @param spkiPin the base64 SHA-256 of the one certificate key to accept although no authority
     *                signed it (the pinned BMC's), or null to trust only what Chromium trusts
     * @param where   what failures name ("web viewer at https://10.0.0.5")
     */
    static BrowserSession start(String spkiPin, Duration pageLoad, String where) {
        String chromium = locate("vaxiin.chromium", "VAXIIN_CHROMIUM", "chromium", "chromium-browser");
        String chromedriver = locate("vaxiin.chromedriver", "VAXIIN_CHROMEDRIVER", "chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new ConnectorException(Kind.UNREACHABLE, where, "web viewer", "browser",
                    where + ": " + (chromium == null ? "chromium" : "chromedriver") + " is not installed (Debian: apt-get install chromium"
                            + " chromium-driver), or name it with VAXIIN_CHROMIUM / VAXIIN_CHROMEDRIVER");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("vaxiin-chromium-");
        } catch (IOException e) {
            throw new ConnectorException(Kind.UNREACHABLE, where, "web viewer", "browser", where + ": cannot make a profile folder for chromium: " + e.getMessage(), e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(FLAGS);
        // A BMC's page is a stranger's code: Chromium's sandbox stays on, but for root, whom Chromium refuses to
        // sandbox (it will not start as root without this flag)
        if (asRoot()) options.addArguments("--no-sandbox");
        options.addArguments("--user-data-dir=" + dir);
        if (spkiPin != null) options.addArguments("--ignore-certificate-errors-spki-list=" + spkiPin);
        options.setAcceptInsecureCerts(false);
        options.setPageLoadTimeout(pageLoad);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream()).build();
        ChromeDriver driver = null;
        // One browser starts at a time in this JVM (a watched fleet opens several): the chromedriver that came
        // meanwhile is this session's, and so are its descendants; another session's renderers are not.
        synchronized (STARTING) {
            Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            try {
                driver = new ChromeDriver(service, options);
                List<ProcessHandle> mine = started(before);
                DevTools devTools = driver.getDevTools();
                devTools.createSession();
                return new BrowserSession(driver, devTools, service, dir, new ArrayList<>(mine));
            } catch (WebDriverException e) {
                List<ProcessHandle> mine = started(before);
                if (driver != null) {
                    try {
                        driver.quit();
                    } catch (RuntimeException ignored) {
                        // ended below
                    }
                }
                mine.forEach(ProcessHandle::destroyForcibly);
                service.stop();
                delete(dir);
                String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new ConnectorException(Kind.UNREACHABLE, where, "web viewer", "browser", where + ": chromium did not start (" + first + ")", e);
            }
        }
    }

    /** The JVM's browser children that are not in {@code before} (this session's chromedriver), and their descendants. */
    private static List<ProcessHandle> started(Set<Long> before) {
        List<ProcessHandle> roots = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()) && isBrowser(p)).toList();
        List<ProcessHandle> out = new ArrayList<>(roots);
        ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()) && !roots.contains(p)
                && roots.stream().anyMatch(r -> isAncestor(r, p))).forEach(out::add);
        return out;
    }

    private static boolean asRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+").length > 2 && l.split("\\s+")[2].equals("0"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The command {@code -Dproperty}, {@code $ENV} or the first name on PATH (or in /usr/bin) gives, or null. */
    static String locate(String property, String env, String... names) {
        String given = System.getProperty(property, System.getenv(env));
        if (given != null && !given.isBlank()) return Files.isExecutable(Path.of(given)) ? given : null;
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String n : names) {
            for (String d : dirs) {
                if (d.isEmpty()) continue;
                Path p = Path.of(d, n);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    /** A PNG of what the page shows now, written to {@code file}; null when the browser cannot take one. */
    Path screenshot(Path file) {
        try {
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
            return file;
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /** The page's URL and title, for messages: {@code http://10.0.0.5/kvm ("KVM")}. */
    String page() {
        try {
            return driver.getCurrentUrl() + " (\"" + driver.getTitle() + "\")";
        } catch (RuntimeException e) {
            return "(the page cannot be read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * Ends the browser: chromedriver's quit, then every process this session started that is still
     * there (a hung renderer, a browser chromedriver lost), then the profile folder. Idempotent.
     */
    synchronized void quit() {
        if (quit) return;
        quit = true;
        // Processes started since: chromium's children (zygote, renderers) come after chromedriver.
        ProcessHandle.current().descendants().filter(p -> isBrowser(p) && processes.stream().anyMatch(q -> isAncestor(q, p)))
                .forEach(processes::add);
        try {
            devTools.close();
        } catch (RuntimeException ignored) {
            // the browser may be gone already
        }
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // ended below
        }
        service.stop();
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (ProcessHandle p : processes) {
            if (p.isAlive()) p.destroy();
        }
        for (ProcessHandle p : processes) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (p.isAlive()) p.destroyForcibly();
        }
        delete(userDataDir);
    }

    private static boolean isBrowser(ProcessHandle p) {
        String cmd = p.info().command().orElse("");
        return BROWSER_NAMES.contains(Path.of(cmd.isEmpty() ? "x" : cmd).getFileName().toString());
    }

    private static boolean isAncestor(ProcessHandle ancestor, ProcessHandle p) {
        for (ProcessHandle h = p.parent().orElse(null); h != null; h = h.parent().orElse(null)) {
            if (h.pid() == ancestor.pid()) return true;
        }
        return false;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp folder left behind is not worth failing a recovery for
        }
    }
}
