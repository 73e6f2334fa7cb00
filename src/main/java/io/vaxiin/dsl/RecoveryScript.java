package io.vaxiin.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Power;
import io.vaxiin.vision.ImageMatcher;
import io.vaxiin.vision.UnreadableImageException;
import org.codehaus.groovy.runtime.MethodClosure;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The base class of every recovery script: its public methods are the words of the DSL
 * (SPEC.md's table). The engine compiles scripts against this class, so a word that is not
 * here is an error at {@code vaxiin check} time, not at 3 a.m.
 *
 * <p>{@code when COND then ACTION} lines are rewritten at compile time (see
 * {@code io.vaxiin.engine.RuleTransform}) into {@link #$rule}, with the condition turned into
 * a closure so it is evaluated against every new screen, and its source text kept for the log.
 */
public abstract class RecoveryScript extends Script {

    /** Names of the public words, for {@code check} and the REPL's completion. */
    public static final Set<String> WORDS = Set.of("recovery", "when", "then", "screen", "serial", "type",
            "press", "power", "boot", "waitFor", "waitStill", "sleep", "screenshot", "http", "server",
            "params", "done", "fail", "log", "use", "matches");

    // No field of a script leads to its session (connectors, credentials): the words find the
    // session of the run on the thread that runs them (Session.enter), which a script cannot see.
    private String sourceName = "script";
    private Path sourceDir;

    /** Names the file this script came from and its folder; called by the engine before {@code run()}. */
    public final void $bind(String sourceName, Path sourceDir) {
        this.sourceName = sourceName;
        this.sourceDir = sourceDir;
    }

    /** The file this script came from, for messages. */
    public final String $sourceName() { return sourceName; }

    private static Session session() {
        Session session = Session.current();
        if (session == null) {
            throw new DslException("this script is not bound to a run: the engine runs scripts, not Groovy itself");
        }
        // once the recovery is over (its timeout, Ctrl-C), no word acts any more
        if (session.pastDeadline()) throw new RecoveryStop("the recovery's timeout passed while the script was still running");
        if (Thread.currentThread().isInterrupted()) throw new RecoveryStop("interrupted");
        return session;
    }

    /** What a call on a value of unknown type compiles to: checked at run time ({@link DynamicAccess}). */
    public final Object $invoke(Object receiver, String name, Object[] args, boolean safe) {
        return DynamicAccess.invoke(receiver, name, args, safe);
    }

    /** What {@code x[i]} with an index of unknown type compiles to: an element of a list (by number, range or list of numbers), a map's value, a string's characters. */
    public final Object $getAt(Object receiver, Object index) {
        return DynamicAccess.getAt(receiver, index);
    }

    /** What {@code x[k] = v} compiles to: sets an element of a list, a map or an array, nothing else. */
    public final Object $putAt(Object receiver, Object key, Object value) {
        return DynamicAccess.putAt(receiver, key, value);
    }

    /** What an arithmetic operator with an operand of unknown type ({@code x + 1}) compiles to. */
    public final Object $operator(String name, Object left, Object right) {
        return DynamicAccess.operator(name, left, right);
    }

    /** What {@code list*.name} on values of unknown type compiles to: each element's property, checked. */
    public final Object $spread(Object receiver, String name, boolean safe) {
        if (receiver == null) return null;
        if (!(receiver instanceof Iterable<?> items)) return DynamicAccess.property(receiver, name, safe);
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Object item : items) out.add(item == null ? null : DynamicAccess.property(item, name, false));
        return out;
    }

    /** What a call of a library's helper ({@code use 'lib/login'}, then {@code atLoginPrompt()}) compiles to. */
    public final Object $helper(String name, Object[] args) {
        Object helper = getBinding().hasVariable(name) ? getBinding().getVariable(name) : null;
        if (!(helper instanceof Closure<?> c)) {
            throw new DslException("'" + name + "' is not a helper of the libraries this script uses (use 'lib/…' first)");
        }
        return c.call(args);
    }

    /** What a property of a value of unknown type compiles to: a map's key or a public getter. */
    public final Object $property(Object receiver, String name, boolean safe) {
        return DynamicAccess.property(receiver, name, safe);
    }

    /** What a REPL snippet reads a variable of the snippets before it with (see the engine's SnippetTransform). */
    public final Object $var(String name) {
        return session().variables().get(name);
    }

    /** What a REPL snippet keeps its variables with, for the snippets after it. */
    public final void $keep(String name, Object value) {
        Session s = Session.current();
        if (s != null) s.variables().put(name, value);
    }

    /**
     * Put by the engine at the start of every loop body, closure and method of a script: stops
     * the script when its recovery's timeout has passed or the run was interrupted.
     */
    public final void $checkpoint() {
        Session s = Session.current();
        if (Thread.currentThread().isInterrupted() || s != null && s.pastDeadline()) {
            throw new RecoveryStop(s != null && s.pastDeadline() ? "the recovery's timeout passed while the script was still running"
                    : "interrupted");
        }
    }

    // ---- naming ---------------------------------------------------------------------------

    /** Names the recovery, for the log. Optional. */
    public void recovery(String name) {
        recovery(Map.of(), name);
    }

    /**
     * Names the recovery and sets its options: {@code timeout:} the longest the whole recovery
     * may take (a duration such as {@code 10.minutes}; default 10 minutes).
     */
    public void recovery(Map<String, ?> options, String name) {
        session().recoveryName(name);
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getKey().equals("timeout")) {
                session().timeout(duration("recovery timeout", e.getValue()));
            } else {
                throw new DslException("recovery does not know the option '" + e.getKey() + "' (timeout)");
            }
        }
        session().log().step("recovery '" + name + "', timeout " + DurationExtension.describe(session().timeout()));
    }

    // ---- rules ----------------------------------------------------------------------------

    /**
     * A rule: {@code when COND then ACTION}, {@code when COND then { … }}, {@code when(COND) { … }}.
     * Once the script's steps are done, each time the screen (or the serial text) changes the rules
     * are checked in order and the first whose COND holds runs its ACTION. Options:
     * {@code when COND, maxFires: N then …} how many times the rule may fire (default 5; one more
     * fails the recovery). (What the engine compiles these lines to.)
     */
    public void $rule(Map<String, ?> options, String conditionSource, Closure<?> condition,
                      String actionSource, Closure<?> action, int line, boolean acts) {
        int maxFires = Rule.DEFAULT_MAX_FIRES;
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getKey().equals("maxFires") && e.getValue() instanceof Number n && n.intValue() > 0) {
                maxFires = n.intValue();
            } else {
                throw new DslException("when does not know the option " + e.getKey() + ": " + e.getValue()
                        + " (maxFires: a positive number)");
            }
        }
        session().addRule(new Rule(conditionSource, condition, action, actionSource, maxFires, sourceName, line, acts));
    }

    // ---- what is on the console ------------------------------------------------------------

    /** The text recognised on the screen now; {@code screen.region(x, y, w, h)} for a part. */
    public Screen getScreen() {
        return screenView("screen").now();
    }

    /**
     * The serial console's text that no rule or wait has judged yet ({@code serial =~ /re/},
     * {@code serial.contains('x')}); {@code serial.history} for all of it, {@code serial.type 'y'}
     * to type on it. A rule that fires after reading it, and {@code waitFor(serial: /re/)}, consume
     * the text they judged, so an answered prompt does not match again.
     */
    public SerialText getSerial() {
        SerialView view = serialView("serial");
        io.vaxiin.connector.Serial.Text t = view.snapshot();
        return new SerialText(view.unread(t), t.text(), this);
    }

    private SerialView serialView(String word) {
        SerialView view = session().serialView();
        if (view == null) {
            throw new DslException("'" + word + "' needs a serial console, and " + session().server().name()
                    + " has none (--serial sol://… or tcp://…, or serial: in the inventory)");
        }
        return view;
    }

    /**
     * True when the image in the file {@code needle} is on the screen now, found with the
     * default options (see {@link #matches(Map, String)}): {@code when matches('needles/frown.png') then …},
     * {@code waitFor { matches 'needles/login-logo.png' }}.
     */
    public boolean matches(String needle) {
        return matches(Map.of(), needle);
    }

    /**
     * True when the image in the file {@code needle} (PNG or JPEG, a path relative to the
     * script's folder) is on the screen now. The needle is compared in grey levels with the
     * screen; a match is logged with its place and score.
     *
     * <p>Options:
     * <ul>
     *   <li>{@code threshold:} the least similarity that counts, in (0, 1]; default 0.95, which
     *       the same pixels pass (score 1) and a needle with one glyph changed does not. The
     *       score is that of the needle's least similar 8×8 part; lower it for lossy screens:
     *       about 0.8 for JPEG-compressed consoles, 0.6 for a viewer that scales the screen.</li>
     *   <li>{@code region: [x, y, width, height]} search only there, in screen pixels from the
     *       top-left corner; default the whole screen. A region smaller than the needle finds nothing.</li>
     *   <li>{@code exclude: [[x, y, width, height], …]} parts of the needle that do not count
     *       (a clock, a progress counter), in needle pixels from its top-left corner; default none.
     *       Transparent pixels of the needle never count.</li>
     * </ul>
     * A needle larger than the screen is not found. The first call in a run loads OpenCV (about
     * a third of a second).
     */
    public boolean matches(Map<String, ?> options, String needle) {
        ImageMatcher.Options o;
        try {
            o = MatchOptions.of(options);
        } catch (IllegalArgumentException e) {
            throw new DslException("matches '" + needle + "': " + e.getMessage(), e);
        }
        if (!needlePath(needle)) {
            throw new DslException("matches '" + needle + "': a needle is an image beside the script, named by a relative path without ..");
        }
        Path file = sourceDir == null ? Path.of(needle) : sourceDir.resolve(needle);
        BufferedImage screen = screenView("matches").frame().image();
        Optional<ImageMatcher.Match> found;
        try {
            found = session().images().find(screen, file, o);
        } catch (UnreadableImageException | IllegalArgumentException | IllegalStateException e) {
            throw new DslException("matches '" + needle + "': " + e.getMessage(), e);
        }
        found.ifPresent(m -> session().log().step("matches '" + needle + "': found at " + m));
        return found.isPresent();
    }

    /** True for a needle path {@code matches} may read: relative to the script's folder, without {@code ..}. */
    public static boolean needlePath(String needle) {
        return needle != null && !needle.isBlank() && !needle.startsWith("/") && !needle.contains("\\")
                && java.util.Arrays.stream(needle.split("/")).noneMatch(".."::equals) && !needle.contains("\0");
    }

    private ScreenView screenView(String word) {
        ScreenView view = session().screen();
        if (view == null) {
            throw new DslException("'" + word + "' needs a KVM console, and " + session().server().name() + " has none"
                    + (session().serialView() != null ? " (it has a serial console: use serial =~ /re/ or waitFor(serial: /re/))"
                    : " (--console URI or console: in the inventory)"));
        }
        return view;
    }

    // ---- keyboard -------------------------------------------------------------------------

    /**
     * Types text as a keyboard would; {@code \n} is Enter. Goes to the KVM console, or to the
     * serial console when the target has no KVM console ({@code serial.type} for the serial one always).
     */
    public void type(Object text) {
        session().mayAct("type");
        String s = String.valueOf(text);
        if (session().screen() == null && session().serialView() != null) {
            typeSerial(s);
            return;
        }
        screenView("type");
        session().log().step("type " + shown(s));
        session().console().type(s);
        session().acted(Session.Act.KEYS);
    }

    /** Presses a key or a combination: {@code press 'F1'}, {@code press 'ctrl-alt-delete'}; on the serial console when there is no KVM console. */
    public void press(String keys) {
        session().mayAct("press");
        KeyCombo combo = combo(keys);
        if (session().screen() == null && session().serialView() != null) {
            pressSerial(keys);
            return;
        }
        screenView("press");
        session().log().step("press " + combo);
        session().console().press(combo);
        session().acted(Session.Act.KEYS);
    }

    /** {@code serial.type}: types on the serial console. */
    void typeSerial(String s) {
        session().mayAct("serial.type");
        SerialView view = serialView("serial.type");
        session().log().step("type " + shown(s) + " (serial)");
        view.serial().type(s);
        session().acted(Session.Act.SERIAL_KEYS);
    }

    /** {@code serial.press}: sends a key's bytes on the serial console. */
    void pressSerial(String keys) {
        session().mayAct("serial.press");
        KeyCombo combo = combo(keys);
        SerialView view = serialView("serial.press");
        session().log().step("press " + combo + " (serial)");
        try {
            view.serial().press(combo);
        } catch (IllegalArgumentException e) {
            throw new DslException("'press' " + e.getMessage());
        }
        session().acted(Session.Act.SERIAL_KEYS);
    }

    private static KeyCombo combo(String keys) {
        try {
            return KeyCombo.parse(keys);
        } catch (IllegalArgumentException e) {
            throw new DslException("'press' " + e.getMessage());
        }
    }

    /** A secret (and the Enter after it) is logged as type ****; text around a secret keeps its shape. */
    private static String shown(String s) {
        Redactor secrets = session().redactor();
        return !secrets.holds(s) ? quote(s)
                : secrets.mask(s).replace(Redactor.MASK, "").isBlank() ? Redactor.MASK : secrets.mask(quote(s));
    }

    // ---- power and boot -------------------------------------------------------------------

    /**
     * Power action, verified by reading the state back: {@code 'on'}, {@code 'off'},
     * {@code 'cycle'}, {@code 'reset'}, {@code 'soft'} (graceful shutdown).
     */
    public void power(String action) {
        session().mayAct("power");
        Power.Action a = enumOf(Power.Action.class, "power", action);
        if (session().power() == null) {
            throw new DslException("'power' needs a power connector, and this target has none (--power URI or power: in the inventory)");
        }
        session().log().step("power " + action.toLowerCase(Locale.ROOT) + " (" + session().power().describe() + ")");
        session().acted(Session.Act.POWER); // acted even if the verification fails: the BMC was asked
        session().power().power(a, session().verifyTimeout());
        session().log().step("power " + action.toLowerCase(Locale.ROOT) + ": verified");
    }

    /** Boot override for the next boot only: {@code 'pxe'}, {@code 'disk'}, {@code 'cd'}, {@code 'bios'}. */
    public void boot(String device) {
        boot(Map.of(), device);
    }

    /** Boot override; option {@code once:} (default true) false keeps it for every boot. */
    public void boot(Map<String, ?> options, String device) {
        session().mayAct("boot");
        Boot.Device d = enumOf(Boot.Device.class, "boot", device);
        boolean once = true;
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getKey().equals("once") && e.getValue() instanceof Boolean b) once = b;
            else throw new DslException("boot does not know the option " + e.getKey() + ": " + e.getValue() + " (once: true|false)");
        }
        if (session().boot() == null) {
            throw new DslException("'boot' needs a power connector that sets the boot device, and this target has none (--power URI)");
        }
        session().log().step("boot " + device.toLowerCase(Locale.ROOT) + (once ? " once" : " always") + " (" + session().boot().describe() + ")");
        session().acted(Session.Act.BOOT);
        session().boot().boot(d, once, session().verifyTimeout());
        session().log().step("boot " + device.toLowerCase(Locale.ROOT) + ": verified");
    }

    // ---- waiting --------------------------------------------------------------------------

    /** Waits until {@code regex} is on the screen, up to the default wait (30 seconds). */
    public void waitFor(String regex) {
        waitFor(Map.of(), regex);
    }

    /** Waits until {@code regex} is on the screen; option {@code timeout:} (default 30 seconds). */
    public void waitFor(Map<String, ?> options, String regex) {
        Pattern p = pattern(regex);
        awaitCondition(options, "screen =~ /" + regex + "/", () -> p.matcher(getScreen()).find());
    }

    /** Waits until the pattern is on the screen; option {@code timeout:} (default 30 seconds). */
    public void waitFor(Map<String, ?> options, Pattern regex) {
        awaitCondition(options, "screen =~ /" + regex.pattern() + "/", () -> regex.matcher(getScreen()).find());
    }

    /** Waits until the pattern is on the screen, up to 30 seconds. */
    public void waitFor(Pattern regex) {
        waitFor(Map.of(), regex);
    }

    /**
     * Waits for text on the serial console or the screen: {@code waitFor(serial: /login:/)},
     * {@code waitFor(screen: /login:/, timeout: 2.minutes)}. On the serial console the wait sees
     * only text not judged yet, and consumes it up to the end of the match. Option
     * {@code timeout:} (default 30 seconds).
     */
    public void waitFor(Map<String, ?> options) {
        Map<String, Object> rest = new java.util.LinkedHashMap<>(options);
        Object serialRe = rest.remove("serial");
        Object screenRe = rest.remove("screen");
        if ((serialRe == null) == (screenRe == null)) {
            throw new DslException("waitFor needs a pattern: waitFor(/re/), waitFor(serial: /re/) or waitFor(screen: /re/)");
        }
        if (screenRe != null) {
            Pattern p = screenRe instanceof Pattern q ? q : pattern(String.valueOf(screenRe));
            awaitCondition(rest, "screen =~ /" + p.pattern() + "/", () -> p.matcher(getScreen()).find());
            return;
        }
        Pattern p = serialRe instanceof Pattern q ? q : pattern(String.valueOf(serialRe));
        SerialView view = serialView("waitFor(serial:)");
        awaitCondition(rest, "serial =~ /" + p.pattern() + "/", () -> {
            io.vaxiin.connector.Serial.Text t = view.snapshot();
            java.util.regex.Matcher m = p.matcher(view.unread(t));
            if (!m.find()) return false;
            view.consumeTo(t, view.unreadStart(t) + m.end());
            return true;
        });
    }

    /** Waits until the closure holds, re-checked on every new screen or serial text and every second. */
    public void waitFor(@DelegatesTo(value = RecoveryScript.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
        waitFor(Map.of(), condition);
    }

    /** As {@link #waitFor(Closure)}; option {@code timeout:} (default 30 seconds). */
    public void waitFor(Map<String, ?> options,
                        @DelegatesTo(value = RecoveryScript.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
        $waitFor(options, "the condition", condition);
    }

    /** What {@code waitFor { … }} compiles to, with the condition's source text for the message. */
    public void $waitFor(Map<String, ?> options, String source, Closure<?> condition) {
        SerialView view = session().serialView();
        awaitCondition(options, source, () -> {
            if (view != null) view.clearRead();
            boolean holds = truth(condition.call());
            // a condition that looked at the serial text consumes what it judged, as a rule does
            if (holds && view != null && view.wasRead()) view.consumeSeen();
            return holds;
        });
    }

    private void awaitCondition(Map<String, ?> options, String source, java.util.function.BooleanSupplier condition) {
        session().mayAct("waitFor");
        Duration timeout = session().defaultWait();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getKey().equals("timeout")) timeout = duration("waitFor timeout", e.getValue());
            else throw new DslException("waitFor does not know the option '" + e.getKey() + "' (timeout)");
        }
        session().log().step("wait up to " + DurationExtension.describe(timeout) + " for " + source);
        session().acted(Session.Act.WAIT);
        Changes changes = new Changes(session());
        io.vaxiin.connector.TimeSource time = session().time(); // read once: session() itself stops an interrupted script
        long deadline = time.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                changes.poll();
                if (condition.getAsBoolean()) {
                    session().log().step("passed: " + source);
                    return;
                }
                long left = deadline - time.nanoTime();
                if (left <= 0) {
                    throw new WaitTimeout("condition did not pass in " + DurationExtension.describe(timeout) + ": " + source);
                }
                changes.await(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryStop("interrupted while waiting for " + source);
        }
    }

    /**
     * Waits until the screen has not changed for {@code still}; gives up (failing the recovery)
     * when that has not happened after {@code still} plus the default wait (30 seconds).
     */
    public void waitStill(Duration still) {
        session().mayAct("waitStill");
        ScreenView view = screenView("waitStill");
        Duration timeout = still.plus(session().defaultWait());
        session().log().step("wait until the screen is still for " + DurationExtension.describe(still));
        session().acted(Session.Act.WAIT);
        io.vaxiin.connector.TimeSource time = session().time(); // read once: session() itself stops an interrupted script
        long deadline = time.nanoTime() + timeout.toNanos();
        try {
            Frame f = view.frame();
            while (true) {
                long left = deadline - time.nanoTime();
                if (left <= 0) {
                    throw new WaitTimeout("the screen did not stay still for " + DurationExtension.describe(still)
                            + " within " + DurationExtension.describe(timeout));
                }
                boolean fullSpan = left >= still.toNanos();
                Frame next = session().console().awaitChange(f.version(), Duration.ofNanos(Math.min(left, still.toNanos())));
                if (next.version() == f.version()) {
                    if (fullSpan) return;
                    continue;
                }
                f = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryStop("interrupted while waiting for a still screen");
        }
    }

    /** Pauses the recovery for a duration such as {@code 5.seconds}. */
    public void sleep(Duration d) {
        session().mayAct("sleep");
        session().log().step("sleep " + DurationExtension.describe(d));
        session().acted(Session.Act.WAIT);
        try {
            session().time().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryStop("interrupted while sleeping");
        }
    }

    // ---- evidence and the outside world ---------------------------------------------------

    /** Saves the screen as {@code NAME.png}, with its text as {@code NAME.txt}, in the run's output folder. */
    public void screenshot(String name) {
        session().mayAct("screenshot");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new DslException("screenshot '" + name + "': use letters, digits, '.', '_' and '-' only");
        }
        ScreenView view = screenView("screenshot");
        Frame f = view.frame();
        Path dir = session().outputDir();
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name.endsWith(".png") ? name : name + ".png");
            io.vaxiin.vision.ScreenText read = view.textOf(f).text();
            ImageIO.write(SecretCover.covered(f.image(), read, session().redactor()), "png", png.toFile());
            Files.writeString(dir.resolve(png.getFileName().toString().replaceFirst("\\.png$", ".txt")),
                    session().redactor().mask(read.text()) + "\n");
            session().log().step("screenshot " + png);
        } catch (IOException e) {
            throw new DslException("screenshot '" + name + "': cannot write to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Calls a third-party system: {@code http.post URL, json: [...]}, {@code http.get URL}. */
    public Http getHttp() {
        session().mayAct("http");
        return session().http();
    }

    /**
     * Facts about the target: {@code server.name}, {@code server.vendor}, {@code server.model},
     * and its consoles: {@code 'serial' in server.consoles}.
     */
    public Server getServer() {
        Session s = session();
        return new Server(s.server(), s.screen() != null, s.serialView() != null);
    }

    /** The run's parameters from {@code --param key=value}: {@code params.key}. */
    public Params getParams() { return session().params(); }

    // ---- ending and logging ---------------------------------------------------------------

    /** Ends the recovery as recovered (exit code 0). */
    public void done(String why) {
        throw new RecoveryEnd(true, why);
    }

    /** Ends the recovery as recovered. */
    public void done() {
        done("done");
    }

    /** Ends the recovery as failed (exit code 1). */
    public void fail(String why) {
        throw new RecoveryEnd(false, why);
    }

    /** Writes a line to the run log (at most {@link RunLog#MAX_LINE} characters of it). */
    public void log(Object text) {
        session().log().step("log: " + RunLog.bounded(String.valueOf(text)));
    }

    /** Scripts print to the run log, not around it. */
    @Override
    public void println(Object text) {
        log(text);
    }

    /** An empty line in the run log. */
    @Override
    public void println() {
        log("");
    }

    /** Writes to the run log, as {@code println}. */
    @Override
    public void print(Object text) {
        log(text);
    }

    /** Writes {@code String.format(format, value)} to the run log. */
    @Override
    public void printf(String format, Object value) {
        log(String.format(format, value));
    }

    /** Writes {@code String.format(format, values)} to the run log. */
    @Override
    public void printf(String format, Object[] values) {
        log(String.format(format, values));
    }

    /**
     * Includes rules and helpers from the script library: {@code use 'lib/boot-flows'}. Its
     * rules are registered here, and its methods can be called from this script.
     */
    public void use(String path) {
        RecoveryScript lib = session().library().load(path, sourceName);
        if (lib == null) return; // already included in this run
        lib.setBinding(getBinding());
        lib.run();
        for (Method m : lib.getClass().getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.getName().contains("$")
                    && !m.getName().equals("run") && !m.getName().equals("main")) {
                getBinding().setVariable(m.getName(), new MethodClosure(lib, m.getName()));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static boolean truth(Object o) {
        return org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToBoolean(o);
    }

    private static Duration duration(String what, Object value) {
        if (value instanceof Duration d) return d;
        throw new DslException(what + " needs a duration such as 30.seconds or 10.minutes, not " + value);
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new DslException("/" + regex + "/ is not a valid regular expression: " + e.getDescription());
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String word, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                if (known.length() > 0) known.append(", ");
                known.append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new DslException("'" + word + "' does not know '" + value + "' (" + known + ")");
        }
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("'", "\\'") + "'";
    }
}
