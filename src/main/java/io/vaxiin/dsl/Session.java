package io.vaxiin.dsl;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.connector.TimeSource;
import io.vaxiin.vision.ImageMatcher;
import io.vaxiin.vision.TextReader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run of a recovery works with: the target's connectors (any may be absent),
 * the screen reader, facts, parameters, the run log and the rules the script registered. Built
 * by the engine; scripts reach it only through the words of {@link RecoveryScript}.
 */
public final class Session {

    /** Compiles and returns a library script for {@code use}; the engine provides it. */
    @FunctionalInterface
    public interface Library {
        RecoveryScript load(String path, String fromFile);
    }

    private final Console console;
    private final Power power;
    private final Boot boot;
    private final Serial serial;
    private final ScreenView screen;
    private final SerialView serialView;
    private final Duration settle;
    private final ServerFacts server;
    private final Params params;
    private final RunLog log;
    private final Path outputDir;
    private Library library;
    private final Clock clock;
    private final TimeSource time;
    private final Duration defaultWait;
    private final Duration verifyTimeout;
    private final List<Rule> rules = new ArrayList<>();
    private final Map<Rule, Integer> fired = new java.util.concurrent.ConcurrentHashMap<>();
    private final Http http;
    private final ImageMatcher images = new ImageMatcher();
    private final Redactor redactor;
    private volatile boolean reacting;
    private volatile long startNanos;
    private volatile boolean started;
    private String recoveryName;
    private volatile Duration timeout;
    private final Map<String, Object> variables;
    private final java.util.function.Consumer<Act> acts;
    private final boolean probing;

    /** What a word did to the target or waited for: the REPL's recorder tells answers from looks and waits by it. */
    public enum Act { KEYS, SERIAL_KEYS, POWER, BOOT, WAIT }

    private Session(Builder b) {
        this.console = b.console;
        this.power = b.power;
        this.boot = b.boot;
        this.serial = b.serial;
        this.time = b.time;
        this.screen = b.console == null ? null : new ScreenView(b.console, b.reader, b.settle, b.time);
        this.serialView = b.serial == null ? null : new SerialView(b.serial);
        this.settle = b.settle;
        this.server = Objects.requireNonNull(b.server, "server");
        this.params = new Params(b.params);
        this.log = Objects.requireNonNull(b.log, "log");
        this.outputDir = b.outputDir;
        this.library = b.library;
        this.clock = b.clock;
        this.defaultWait = b.defaultWait;
        this.verifyTimeout = b.verifyTimeout;
        this.timeout = b.timeout;
        this.http = new Http(b.log, b.httpTimeout, b.sendHttp);
        this.redactor = b.redactor;
        this.variables = b.variables;
        this.acts = b.acts;
        this.probing = b.probing;
    }

    /**
     * Called by each word before it acts on the target, waits or writes: in a probe (a session that
     * only collects a script's rules, see {@link Builder#probe}) it ends the script there with
     * {@link ProbeEnd}; else it does nothing.
     */
    void mayAct(String word) {
        if (probing) throw new ProbeEnd(word);
    }

    /** True in a session that only collects a script's rules. */
    public boolean probing() { return probing; }

    /** The variables REPL snippets keep between them ({@code $var}, {@code $keep}); empty in a run. */
    Map<String, Object> variables() { return variables; }

    /** Tells the observer (the REPL's recorder) what a word just did. */
    void acted(Act act) {
        if (act == Act.POWER) powerActs++;
        acts.accept(act);
    }

    private volatile long powerActs;

    /** How many power actions words have asked for so far: the reactor tells a rule that changed the machine by it. */
    long powerActs() { return powerActs; }

    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    /**
     * Makes this the session of the scripts that run on this thread until the scope is closed;
     * the engine enters it on the thread that runs a recovery. Scripts hold no reference to it.
     */
    public Scope enter() {
        Session previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        };
    }

    /** The session entered on this thread, or null. */
    static Session current() {
        return CURRENT.get();
    }

    /** Ends what {@link #enter} began. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** The secrets of the run, which every written line is masked with. */
    public Redactor redactor() { return redactor; }

    /** Sets when the recovery began (a {@link #time()} value); its timeout counts from then. */
    public void start(long nanos) {
        this.startNanos = nanos;
        this.started = true;
    }

    /** True when the recovery began and its timeout (as the script set it, or the run's) has passed. */
    public boolean pastDeadline() { return started && time.nanoTime() - (startNanos + timeout.toNanos()) > 0; }

    /** Where waits and deadlines take their time from: real time, or a replay's virtual time. */
    public TimeSource time() { return time; }

    public static Builder builder() {
        return new Builder();
    }

    public Console console() { return console; }
    public Power power() { return power; }
    public Boot boot() { return boot; }
    public Serial serial() { return serial; }
    /** The console's screen as text, or null when the target has no console. */
    public ScreenView screen() { return screen; }
    /** The serial console's text as the script judges it, or null when the target has no serial console. */
    public SerialView serialView() { return serialView; }
    /** How long the screen, or the serial text, must stay unchanged before it is judged. */
    public Duration settle() { return settle; }
    public ServerFacts server() { return server; }
    public Params params() { return params; }
    public RunLog log() { return log; }
    public Path outputDir() { return outputDir; }
    public Library library() { return library; }

    /** Sets how {@code use} loads libraries, unless the builder already set one (tests do). */
    public void setLibraryIfAbsent(Library library) {
        if (this.library == null) this.library = library;
    }
    public Clock clock() { return clock; }
    public Duration defaultWait() { return defaultWait; }
    public Duration verifyTimeout() { return verifyTimeout; }
    public Http http() { return http; }
    /** Finds needles on the screen for {@code matches}; loads OpenCV only when first asked. */
    public ImageMatcher images() { return images; }

    /** The rules in the order they were registered. */
    public List<Rule> rules() { return Collections.unmodifiableList(rules); }

    /** How many times {@code rule} fired in this run. */
    public int fired(Rule rule) { return fired.getOrDefault(rule, 0); }

    void noteFired(Rule rule) { fired.merge(rule, 1, Integer::sum); }

    void addRule(Rule rule) {
        if (reacting) {
            throw new DslException("'when' registers a rule and cannot be used inside a rule's action");
        }
        rules.add(rule);
    }

    /** Called by the engine when the script body has ended and rules start reacting. */
    public void startReacting() { reacting = true; }

    public String recoveryName() { return recoveryName; }
    void recoveryName(String name) { this.recoveryName = name; }

    /** The recovery's timeout: from {@code recovery 'x', timeout: D}, else the run's default. */
    public Duration timeout() { return timeout; }
    void timeout(Duration timeout) { this.timeout = timeout; }

    /** Builder of a session; only the server facts and the log are required. */
    public static final class Builder {
        private Console console;
        private Power power;
        private Boot boot;
        private Serial serial;
        private TextReader reader;
        private ServerFacts server = new ServerFacts("unnamed", "unknown", "unknown");
        private Map<String, String> params = Map.of();
        private RunLog log;
        private Path outputDir;
        private Library library;
        private Clock clock = Clock.systemUTC();
        private TimeSource time = TimeSource.SYSTEM;
        private Duration defaultWait = Duration.ofSeconds(30);
        private Duration verifyTimeout = Duration.ofSeconds(60);
        private Duration settle = Duration.ofMillis(200);
        private Duration timeout = Duration.ofMinutes(10);
        private Duration httpTimeout = Duration.ofSeconds(30);
        private boolean sendHttp = true;
        private Redactor redactor = new Redactor();
        private Map<String, Object> variables = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        private java.util.function.Consumer<Act> acts = a -> { };
        private boolean probing;

        public Builder console(Console console, TextReader reader) { this.console = console; this.reader = reader; return this; }
        public Builder power(Power power) { this.power = power; return this; }
        public Builder boot(Boot boot) { this.boot = boot; return this; }
        public Builder serial(Serial serial) { this.serial = serial; return this; }
        public Builder server(ServerFacts server) { this.server = server; return this; }
        public Builder params(Map<String, String> params) { this.params = Map.copyOf(params); return this; }
        public Builder log(RunLog log) { this.log = log; return this; }
        public Builder outputDir(Path outputDir) { this.outputDir = outputDir; return this; }
        public Builder library(Library library) { this.library = library; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /** Where waits and deadlines take their time from; default real time (a replay gives its virtual time). */
        public Builder time(TimeSource time) { this.time = Objects.requireNonNull(time, "time"); return this; }
        /** Timeout of {@code waitFor} when the script gives none; default 30 seconds. */
        public Builder defaultWait(Duration d) { this.defaultWait = d; return this; }
        /** How long power and boot actions may take to show in the BMC's state; default 60 seconds. */
        public Builder verifyTimeout(Duration d) { this.verifyTimeout = d; return this; }
        /** How long the screen must stay unchanged before a new screen is read; default 200 ms. */
        public Builder settle(Duration d) { this.settle = d; return this; }
        /** The recovery's timeout when the script sets none; default 10 minutes. */
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        /** Timeout of each {@code http} call; default 30 seconds. */
        public Builder httpTimeout(Duration d) { this.httpTimeout = d; return this; }

        /** False in a replay: {@code http} calls are logged and taken as answered, never sent. */
        public Builder sendHttp(boolean send) { this.sendHttp = send; return this; }

        /** The run's secrets, shared with the log and whatever else the run writes. */
        public Builder redactor(Redactor r) { this.redactor = r; return this; }

        /** The variables REPL snippets share (the REPL keeps them across targets); a run has its own, empty. */
        public Builder variables(Map<String, Object> store) { this.variables = store; return this; }

        /** Told of each thing a word does to the target or waits for (the REPL's recorder); default nobody. */
        public Builder acts(java.util.function.Consumer<Act> observer) { this.acts = observer; return this; }

        /**
         * A probe: the script's body runs only until its first word that would act on the target,
         * wait or write ({@link ProbeEnd}), so the rules it registered before that can be judged on
         * the screen without anything being done (watch mode decides by them which script applies).
         */
        public Builder probe(boolean probe) { this.probing = probe; return this; }

        public Session build() { return new Session(this); }
    }
}
