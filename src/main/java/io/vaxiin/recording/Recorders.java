package io.vaxiin.recording;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.Session;
import io.vaxiin.target.Target;
import io.vaxiin.vision.TextReader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Connectors and a log that record what passes through them into a {@link RecordingWriter}:
 * the screens and serial text shown, each action with the screen it answered, the power and
 * boot state read back, and the log's lines. Wrap a target's connectors with these before a run.
 */
public final class Recorders {

    /** While a screen keeps changing, the sampler keeps one frame a second (the frames a run acts on are kept besides). */
    private static final long SAMPLE_GAP_NANOS = 1_000_000_000L;

    private final RecordingWriter writer;
    private volatile String lastFrame;
    /** The recorded console, whose screen a power or boot action answers too. */
    private volatile RecordedConsole recordedConsole;

    public Recorders(RecordingWriter writer) {
        this.writer = writer;
    }

    /**
     * Writes the start event: which server, and which connectors it has (null when absent).
     */
    public void start(String target, String vendor, String model, Console console, Serial serial, Power power, Boot boot,
                      Map<String, String> params) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("format", Recording.FORMAT);
        data.put("started", writer.started().toString());
        data.put("target", target);
        data.put("vendor", vendor);
        data.put("model", model);
        data.put("console", console == null ? null : console.describe());
        data.put("serial", serial == null ? null : serial.describe());
        data.put("power", power == null ? null : power.describe());
        if (power != null) {
            java.util.List<String> actions = new java.util.ArrayList<>();
            try {
                for (Power.Action a : power.supported()) actions.add(a.name().toLowerCase());
            } catch (RuntimeException e) {
                // unknown: the replay then allows what the recording did
            }
            data.put("powerActions", actions);
        }
        data.put("boot", boot == null ? null : boot.describe());
        Map<String, Object> plain = new LinkedHashMap<>();
        // the run's parameters, for a replay to run with the same; a secret one is left out, not masked
        params.forEach((k, v) -> {
            if (v != null && writer.mask(v).equals(v)) plain.put(k, v);
        });
        data.put("params", plain);
        writer.event(0, "start", data);
    }

    /**
     * Writes the start event for {@code target} and gives {@code session} its connectors, each
     * wrapped to record (following the consoles with {@code sample}), its facts and {@code params}.
     */
    public Session.Builder connect(Session.Builder session, Target target, TextReader reader, boolean sample, Map<String, String> params) {
        start(target.name(), target.facts().vendor(), target.facts().model(), target.console(), target.serial(), target.power(), target.boot(),
                params);
        return session.console(target.console() == null ? null : console(target.console(), sample), reader)
                .serial(target.serial() == null ? null : serial(target.serial(), sample))
                .power(target.power() == null ? null : power(target.power()))
                .boot(target.boot() == null ? null : boot(target.boot()))
                .server(target.facts()).params(params);
    }

    /**
     * A console that records each distinct screen. With {@code sample}, a thread follows the
     * console (a frame once the screen has been still for 100 ms, or each second while it keeps
     * changing); without, the screens the run looks at are recorded (a replay, whose screens
     * change only when looked at).
     */
    public Console console(Console console, boolean sample) {
        RecordedConsole c = new RecordedConsole(console, sample);
        recordedConsole = c;
        if (sample) c.startSampling();
        return c;
    }

    /** A serial console that records its text as it comes (with {@code sample}) or as the run reads it. */
    public Serial serial(Serial serial, boolean sample) {
        RecordedSerial s = new RecordedSerial(serial, sample);
        if (sample) s.startSampling();
        return s;
    }

    public Power power(Power power) {
        return new RecordedPower(power);
    }

    public Boot boot(Boot boot) {
        return new RecordedBoot(boot);
    }

    /** A log that also records each line. */
    public RunLog log(RunLog log) {
        return new RunLog() {
            @Override public void step(String text) {
                log.step(text);
                writer.event("log", Event.fields("level", "step", "text", writer.mask(RunLog.bounded(text))));
            }

            @Override public void warn(String text) {
                log.warn(text);
                writer.event("log", Event.fields("level", "warn", "text", writer.mask(RunLog.bounded(text))));
            }
        };
    }

    private Map<String, Object> answering(String key, Object value, String on) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(key, value);
        data.put("on", on);
        data.put("frame", on.equals("console") ? lastFrame : null);
        return data;
    }

    /** Keys sent: the event with the screen they answer, and a {@code -done} event only when sending them failed. */
    private void keyAction(String kind, String key, String value, String on, Runnable send) {
        writer.event(kind, answering(key, value, on));
        try {
            send.run();
        } catch (RuntimeException e) {
            done(kind + "-done", key, value, e);
            throw e;
        }
    }

    private static Map<String, Object> error(RuntimeException e) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("kind", e instanceof ConnectorException c ? c.kind().name() : e.getClass().getSimpleName());
        err.put("message", e.getMessage());
        return err;
    }

    private void done(String kind, String what, Object value, RuntimeException failure) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(what, value);
        Map<String, Object> err = failure == null ? null : error(failure);
        if (err != null) err.put("message", writer.mask(String.valueOf(err.get("message"))));
        data.put("error", err);
        writer.event(kind, data);
    }

    /** Records the screen an action answers (the newest the run has seen) before the action itself. */
    private void answered() {
        RecordedConsole c = recordedConsole;
        if (c != null) c.recordAnswered();
    }

    /**
     * A power or boot action: the screen it answers, the action, then its {@code -done} event
     * with the BMC's error if it failed, and the state read back when it did not.
     */
    private void bmcAction(String kind, Map<String, Object> data, String what, Object value, Runnable action, Runnable readBack) {
        answered();
        data.put("frame", lastFrame);
        writer.event(kind, data);
        RuntimeException failure = null;
        try {
            action.run();
            afterwards(readBack);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            done(kind + "-done", what, value, failure);
        }
    }

    /** Reads the state back after an action, for the recording only: a BMC that does not answer now changes nothing. */
    private static void afterwards(Runnable read) {
        try {
            read.run();
        } catch (RuntimeException ignored) {
            // the action itself was verified; the state will be recorded the next time it is read
        }
    }

    // ---- console ------------------------------------------------------------------------------

    private final class RecordedConsole implements Console {
        private final Console console;
        private final boolean sample;
        private long recordedVersion = Long.MIN_VALUE;
        private volatile Frame latest;
        private volatile boolean stopped;
        private Thread sampler;

        RecordedConsole(Console console, boolean sample) {
            this.console = console;
            this.sample = sample;
        }

        void startSampling() {
            sampler = new Thread(this::follow, "recording: " + console.describe());
            sampler.setDaemon(true);
            sampler.start();
            writer.sampler(() -> {
                stopped = true;
                sampler.interrupt();
                sampler.join(2000);
                Frame last = latest;
                if (last != null) record(last);
            });
        }

        private void follow() {
            long version = Long.MIN_VALUE;
            long recordedAt = System.nanoTime() - SAMPLE_GAP_NANOS;
            while (!stopped) {
                try {
                    Frame f = version == Long.MIN_VALUE ? console.frame(Duration.ofSeconds(20)) : console.awaitChange(version, Duration.ofSeconds(1));
                    if (f.version() == version) continue;
                    // the screen once it is still for 100 ms, and no more than one a second while it keeps changing
                    long firstChange = System.nanoTime();
                    while (!stopped) {
                        long now = System.nanoTime();
                        boolean gapPassed = now - recordedAt >= SAMPLE_GAP_NANOS;
                        if (gapPassed && now - firstChange >= SAMPLE_GAP_NANOS) break;
                        long wait = gapPassed ? 100 : Math.max(1, (recordedAt + SAMPLE_GAP_NANOS - now) / 1_000_000);
                        Frame next = console.awaitChange(f.version(), Duration.ofMillis(Math.min(100, wait)));
                        if (next.version() == f.version()) {
                            if (gapPassed) break;
                            continue;
                        }
                        f = next;
                    }
                    version = f.version();
                    recordedAt = System.nanoTime();
                    seen(f);
                    record(f);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (stopped) return;
                    try {
                        Thread.sleep(250); // the console reconnects on its own; look again soon
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        private synchronized void record(Frame f) {
            if (f.version() == recordedVersion) return;
            recordedVersion = f.version();
            lastFrame = writer.frame(f);
        }

        private Frame seen(Frame f) {
            Frame was = latest;
            if (was == null || f.version() >= was.version()) latest = f;
            if (!sample) record(f);
            return f;
        }

        /** Before an action: the screen it answers is recorded (the newest one the run has seen). */
        private void recordAnswered() {
            Frame f = latest;
            if (f != null) record(f);
        }

        @Override public Frame frame(Duration timeout) { return seen(console.frame(timeout)); }

        @Override public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
            return seen(console.awaitChange(sinceVersion, timeout));
        }

        @Override public void press(KeyCombo keys) {
            recordAnswered();
            keyAction("press", "keys", keys.toString(), "console", () -> console.press(keys));
        }

        @Override public void type(String text) {
            recordAnswered();
            keyAction("type", "text", writer.mask(text), "console", () -> console.type(text));
        }

        @Override public String describe() { return console.describe(); }

        @Override public void close() { console.close(); }
    }

    // ---- serial -------------------------------------------------------------------------------

    private final class RecordedSerial implements Serial {
        private final Serial serial;
        private final boolean sample;
        private volatile boolean stopped;
        private Thread sampler;
        /** The last text recorded, in the serial console's own offsets. */
        private Text recorded;
        /** Where the current line begins, counted in the recorded (masked) characters. */
        private long recordedLineStart;

        RecordedSerial(Serial serial, boolean sample) {
            this.serial = serial;
            this.sample = sample;
        }

        void startSampling() {
            sampler = new Thread(this::follow, "recording: " + serial.describe());
            sampler.setDaemon(true);
            sampler.start();
            writer.sampler(() -> {
                stopped = true;
                sampler.interrupt();
                sampler.join(2000);
                try {
                    record(serial.recent());
                } catch (RuntimeException ignored) {
                    // the serial console is gone: what was recorded stays
                }
            });
        }

        private void follow() {
            long version = Long.MIN_VALUE;
            while (!stopped) {
                try {
                    Text t = serial.awaitChange(version, Duration.ofSeconds(1));
                    if (t.version() == version) continue;
                    version = t.version();
                    record(t);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (stopped) return;
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        /**
         * Records what changed since the last record: the text from the start of the line that
         * was current then (a line being written may be rewritten: a carriage return, a backspace).
         */
        private synchronized void record(Text t) {
            if (recorded != null && t.version() == recorded.version()) return;
            long from = recorded == null ? t.start() : recorded.lineStart();
            String raw = t.since(from);
            String masked = writer.mask(raw);
            long keep = recorded == null ? 0 : recordedLineStart;
            int lineAt = (int) Math.max(0, Math.min(raw.length(), t.lineStart() - Math.max(from, t.start())));
            recordedLineStart = keep + writer.mask(raw.substring(0, lineAt)).length();
            recorded = t;
            if (!masked.isEmpty() || keep > 0) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("keep", keep);
                data.put("text", masked);
                writer.event("serial", data);
            }
        }

        private Text seen(Text t) {
            if (!sample) record(t);
            return t;
        }

        @Override public Text recent() { return seen(serial.recent()); }

        @Override public Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
            return seen(serial.awaitChange(sinceVersion, timeout));
        }

        @Override public void type(String text) {
            try {
                record(serial.recent());
            } catch (RuntimeException ignored) {
                // the action below reports what is wrong with the console
            }
            answered();
            keyAction("type", "text", writer.mask(text), "serial", () -> serial.type(text));
        }

        @Override public void press(KeyCombo keys) {
            try {
                record(serial.recent());
            } catch (RuntimeException ignored) {
                // as in type
            }
            answered();
            keyAction("press", "keys", keys.toString(), "serial", () -> serial.press(keys));
        }

        @Override public String describe() { return serial.describe(); }

        @Override public void close() { serial.close(); }
    }

    // ---- power and boot -----------------------------------------------------------------------

    private final class RecordedPower implements Power {
        private final Power power;
        private State last;

        RecordedPower(Power power) {
            this.power = power;
        }

        @Override public State state() {
            State s = power.state();
            synchronized (this) {
                if (s != last) {
                    last = s;
                    writer.event("power-state", Event.fields("state", s.name().toLowerCase()));
                }
            }
            return s;
        }

        @Override public Set<Action> supported() { return power.supported(); }

        @Override public void power(Action action, Duration verifyTimeout) {
            String name = action.name().toLowerCase();
            bmcAction("power", Event.fields("action", name), "action", name, () -> power.power(action, verifyTimeout), this::state);
        }

        @Override public String describe() { return power.describe(); }

        @Override public void close() { power.close(); }
    }

    private final class RecordedBoot implements Boot {
        private final Boot boot;
        private Setting last;

        RecordedBoot(Boot boot) {
            this.boot = boot;
        }

        @Override public Setting current() {
            Setting s = boot.current();
            synchronized (this) {
                if (!s.equals(last)) {
                    last = s;
                    writer.event("boot-state", Event.fields("device", s.device().name().toLowerCase(), "once", s.once()));
                }
            }
            return s;
        }

        @Override public void boot(Device device, boolean once, Duration verifyTimeout) {
            String name = device.name().toLowerCase();
            bmcAction("boot", Event.fields("device", name, "once", once), "device", name, () -> boot.boot(device, once, verifyTimeout),
                    this::current);
        }

        @Override public String describe() { return boot.describe(); }

        @Override public void close() { boot.close(); }
    }
}
