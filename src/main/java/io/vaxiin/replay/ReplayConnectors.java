package io.vaxiin.replay;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.KeyCombo;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recording;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connectors of a replayed server: each shows what the recording showed at the replay's
 * point and hands what the script does to the {@link Replay}. Waiting never blocks: the virtual
 * time moves on to the next recorded change, or to the end of the wait.
 */
public final class ReplayConnectors {

    private final Replay replay;
    private final Redactor redactor;
    private final Event start;

    public ReplayConnectors(Replay replay, Redactor redactor) {
        this.replay = replay;
        this.redactor = redactor;
        this.start = replay.recording().start();
    }

    private boolean has(String connector) {
        return start != null && start.data().get(connector) != null;
    }

    /** The console, or null when the recorded server had none. */
    public Console console() { return has("console") ? new ReplayConsole() : null; }

    public Serial serial() { return has("serial") ? new ReplaySerial() : null; }

    public Power power() { return has("power") ? new ReplayPower() : null; }

    public Boot boot() { return has("boot") ? new ReplayBoot() : null; }

    /** Waits until {@code changed} says the thing looked at changed, or the virtual {@code timeout} passes. */
    private void await(java.util.function.BooleanSupplier changed, Duration timeout) throws InterruptedException {
        VirtualTime time = replay.time();
        long deadline = time.nanoTime() + timeout.toNanos();
        while (!changed.getAsBoolean()) {
            if (Thread.interrupted()) throw new InterruptedException();
            long next = replay.nextChange();
            if (next > deadline) {
                time.advanceTo(deadline);
                return;
            }
            time.advanceTo(next);
        }
    }

    private String where(String connector) {
        return "the recording of " + start.data().get(connector);
    }

    private final class ReplayConsole implements Console {
        private final Map<String, BufferedImage> images = new HashMap<>();

        private synchronized Frame frameAt(int index) {
            Event e = replay.event(index);
            String id = e.text("frame");
            BufferedImage image = images.computeIfAbsent(id, k -> {
                Recording.Shot shot = replay.recording().frame(k);
                return Recording.image(shot);
            });
            return new Frame(image, index, new Rectangle(0, 0, image.getWidth(), image.getHeight()), replay.time().instant());
        }

        @Override public Frame frame(Duration timeout) {
            int i = replay.latest("frame");
            if (i < 0) throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, "replay", "recording", "frame",
                    "the recording has no screen");
            return frameAt(i);
        }

        @Override public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
            await(() -> replay.latest("frame") != sinceVersion, timeout);
            return frame(timeout);
        }

        @Override public void press(KeyCombo keys) {
            replay.keys("console", List.of(Expected.stroke(keys)), null, "press '" + keys + "'");
        }

        @Override public void type(String text) {
            replay.keys("console", Expected.typed(text), text, "type '" + Expected.escape(redactor.mask(text)) + "'");
        }

        @Override public String describe() { return where("console"); }

        @Override public void close() { }
    }

    private final class ReplaySerial implements Serial {
        private final StringBuilder text = new StringBuilder();
        private int applied = -1;

        /** The serial text as of the replay's point: each recorded serial event applied in turn. */
        private synchronized Text now() {
            int upTo = replay.latestShown("serial");
            if (upTo > applied) {
                List<Event> events = replay.events();
                for (int i = applied + 1; i <= upTo; i++) {
                    Event e = events.get(i);
                    if (!e.kind().equals("serial")) continue;
                    Object keep = e.data().get("keep");
                    int k = keep instanceof Number n ? (int) Math.min(text.length(), n.longValue()) : text.length();
                    text.setLength(k);
                    text.append(e.text("text") == null ? "" : e.text("text"));
                }
                applied = upTo;
            }
            String s = text.toString();
            return new Text(s, 0, s.lastIndexOf('\n') + 1, applied);
        }

        @Override public Text recent() { return now(); }

        @Override public Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
            await(() -> now().version() != sinceVersion, timeout);
            return now();
        }

        @Override public void type(String t) {
            replay.keys("serial", Expected.typed(t), t, "type '" + Expected.escape(redactor.mask(t)) + "'");
        }

        @Override public void press(KeyCombo keys) {
            replay.keys("serial", List.of(Expected.stroke(keys)), null, "press '" + keys + "'");
        }

        @Override public String describe() { return where("serial"); }

        @Override public void close() { }
    }

    private final class ReplayPower implements Power {
        @Override public State state() {
            int i = replay.latest("power-state");
            if (i < 0) return State.UNKNOWN;
            String s = replay.event(i).text("state");
            return "on".equals(s) ? State.ON : "off".equals(s) ? State.OFF : State.UNKNOWN;
        }

        @Override public Set<Action> supported() {
            Set<Action> all = EnumSet.noneOf(Action.class);
            if (start.data().get("powerActions") instanceof List<?> actions) {
                for (Object a : actions) {
                    try {
                        all.add(Action.valueOf(a.toString().toUpperCase()));
                    } catch (IllegalArgumentException ignored) {
                        // an action of a later version
                    }
                }
            }
            return all.isEmpty() ? EnumSet.allOf(Action.class) : all;
        }

        @Override public void power(Action action, Duration verifyTimeout) {
            replay.power(action.name().toLowerCase(), "power '" + action.name().toLowerCase() + "'");
        }

        @Override public String describe() { return where("power"); }

        @Override public void close() { }
    }

    private final class ReplayBoot implements Boot {
        @Override public Setting current() {
            int i = replay.latest("boot-state");
            if (i < 0) return new Setting(Device.NONE, false);
            Event e = replay.event(i);
            Device d;
            try {
                d = Device.valueOf(String.valueOf(e.text("device")).toUpperCase());
            } catch (IllegalArgumentException ex) {
                d = Device.NONE;
            }
            return new Setting(d, e.flag("once"));
        }

        @Override public void boot(Device device, boolean once, Duration verifyTimeout) {
            replay.boot(device.name().toLowerCase(), "boot '" + device.name().toLowerCase() + "'" + (once ? ", once: true" : ""));
        }

        @Override public String describe() { return where("boot"); }

        @Override public void close() { }
    }
}
