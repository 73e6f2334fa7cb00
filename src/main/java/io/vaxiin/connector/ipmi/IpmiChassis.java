package io.vaxiin.connector.ipmi;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.Power;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Power and boot device of a server through its BMC's IPMI chassis commands (IPMI v2.0, 28):
 * Chassis Control, Get Chassis Status, Set/Get System Boot Options. Every action is verified by
 * reading the state back every quarter second until it follows or the timeout passes.
 *
 * <p>What can be proven: {@code on}, {@code off} and {@code soft} by the power state;
 * {@code cycle} is done as off then on, each verified (a BMC's own cycle can be too quick to
 * see the off); {@code reset} only by the BMC accepting it and the power still being on, since
 * nothing IPMI reads back changes on a reset. The boot override is read back as set.
 *
 * <p>An idle session is renewed before use (BMCs end idle sessions after half a minute or so), so a
 * recovery that waits for minutes between two power actions still works.
 */
public final class IpmiChassis implements Power, Boot {

    private static final Duration VERIFY_INTERVAL = Duration.ofMillis(250);
    /**
     * A session idle this long is replaced before use: the spec's inactivity timeout is 60 s, but
     * BMCs end idle sessions sooner (OpenIPMI's after about 25 s).
     */
    private static final Duration RENEW_AFTER = Duration.ofSeconds(15);

    private static final int CHASSIS_STATUS = 0x01, CHASSIS_CONTROL = 0x02, SET_BOOT = 0x08, GET_BOOT = 0x09;
    private static final int DOWN = 0, UP = 1, HARD_RESET = 3, SOFT = 5;

    private final IpmiConfig config;
    private final IpmiFacts facts;
    private IpmiSession session;

    private IpmiChassis(IpmiConfig config, IpmiSession session, IpmiFacts facts) {
        this.config = config;
        this.session = session;
        this.facts = facts;
    }

    /**
     * Opens a session with the BMC and reads Get Device ID.
     *
     * @throws ConnectorException UNREACHABLE or AUTHENTICATION when the session cannot be set up
     */
    public static IpmiChassis connect(IpmiConfig config) {
        IpmiSession session = IpmiSession.open(config);
        try {
            byte[] id = session.call("Get Device ID", IpmiSession.NETFN_APP, 0x01, new byte[0]);
            IpmiFacts facts;
            try {
                facts = IpmiFacts.of(id);
            } catch (IllegalArgumentException e) {
                throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), IpmiSession.PROTOCOL, "Get Device ID",
                        session.where() + " sent " + e.getMessage());
            }
            return new IpmiChassis(config, session, facts);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** What Get Device ID said. */
    public IpmiFacts facts() { return facts; }

    /**
     * Whether serial over LAN is enabled on this channel (Get SOL Configuration Parameters, SOL
     * Enable): what a {@code sol://} console will need.
     *
     * @throws ConnectorException REFUSED when the BMC does not answer it (no SOL at all), PROTOCOL for a short answer
     */
    public boolean solEnabled() {
        byte[] d = call("Get SOL Configuration Parameters (SOL Enable)", IpmiSession.NETFN_TRANSPORT, 0x22, new byte[] {0x0e, 0x01, 0, 0});
        if (d.length < 2) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), IpmiSession.PROTOCOL, "Get SOL Configuration Parameters",
                    session.where() + " sent a " + d.length + "-byte SOL Enable answer (2 expected)");
        }
        return (d[1] & 0x01) != 0;
    }

    // ---- Power --------------------------------------------------------------------------------

    @Override
    public State state() {
        byte[] d = call("Get Chassis Status", IpmiSession.NETFN_CHASSIS, CHASSIS_STATUS, new byte[0]);
        if (d.length < 1) return State.UNKNOWN;
        return (d[0] & 0x01) != 0 ? State.ON : State.OFF;
    }

    /** Every action: IPMI has on, off, reset and soft shutdown, and a cycle is off then on. */
    @Override
    public Set<Action> supported() {
        return EnumSet.allOf(Action.class);
    }

    @Override
    public void power(Action action, Duration verifyTimeout) {
        long deadline = System.nanoTime() + verifyTimeout.toNanos();
        State before = state();
        switch (action) {
            case ON -> {
                if (before == State.ON) return;
                control(UP, "power up");
                await(State.ON, "power up", before, deadline, verifyTimeout);
            }
            case OFF -> {
                if (before == State.OFF) return;
                control(DOWN, "power down");
                await(State.OFF, "power down", before, deadline, verifyTimeout);
            }
            case SOFT -> {
                if (before == State.OFF) return;
                control(SOFT, "soft shutdown");
                await(State.OFF, "soft shutdown (ACPI; the operating system may ignore it)", before, deadline, verifyTimeout);
            }
            case CYCLE -> {
                if (before != State.OFF) {
                    control(DOWN, "power down");
                    await(State.OFF, "power down", before, deadline, verifyTimeout);
                }
                control(UP, "power up");
                await(State.ON, "power up", State.OFF, deadline, verifyTimeout);
            }
            case RESET -> {
                if (before == State.OFF) {
                    throw new ConnectorException(Kind.REFUSED, config.endpoint(), IpmiSession.PROTOCOL, "hard reset",
                            where() + ": the server is off, and a reset needs it on (use power 'on' or 'cycle')");
                }
                control(HARD_RESET, "hard reset");
                await(State.ON, "hard reset", before, deadline, verifyTimeout);
            }
        }
    }

    private void control(int code, String name) {
        IpmiMessage r = request("Chassis Control (" + name + ")", IpmiSession.NETFN_CHASSIS, CHASSIS_CONTROL, new byte[] {(byte) code});
        if (r.completion() != 0) {
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), IpmiSession.PROTOCOL, name,
                    where() + " refused " + name + ": completion code " + CompletionCode.describe(r.completion()));
        }
    }

    private void await(State want, String sent, State before, long deadline, Duration timeout) {
        State now = before;
        boolean changed = false;
        while (true) {
            State s = state();
            if (s == want) return;
            if (s != now) changed = true;
            now = s;
            if (!pause(deadline)) break;
        }
        String seen = now.name().toLowerCase(Locale.ROOT);
        throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), IpmiSession.PROTOCOL, "verify " + sent,
                where() + " accepted " + sent + " but the power " + (changed ? "read " + seen + ", not "
                        + want.name().toLowerCase(Locale.ROOT) + ", after " : "stayed " + seen + " for ") + seconds(timeout));
    }

    // ---- Boot ---------------------------------------------------------------------------------

    @Override
    public Setting current() {
        return flags().setting();
    }

    /** The boot flags parameter as the BMC reads it back. */
    private record Flags(boolean valid, boolean persistent, Device device) {
        Setting setting() {
            return valid ? new Setting(device, !persistent) : new Setting(Device.NONE, false);
        }
    }

    private Flags flags() {
        byte[] d = call("Get System Boot Options (boot flags)", IpmiSession.NETFN_CHASSIS, GET_BOOT, new byte[] {5, 0, 0});
        if (d.length < 4) {
            throw new ConnectorException(Kind.PROTOCOL, config.endpoint(), IpmiSession.PROTOCOL, "Get System Boot Options",
                    where() + " sent a " + d.length + "-byte answer to Get System Boot Options (boot flags)");
        }
        int flags = d[2] & 0xff;
        Device device = switch ((d[3] & 0x3c) >>> 2) {
            case 1 -> Device.PXE;
            case 2, 3 -> Device.DISK;
            case 5 -> Device.CD;
            case 6 -> Device.BIOS;
            default -> Device.NONE;
        };
        return new Flags((flags & 0x80) != 0, (flags & 0x40) != 0, device);
    }

    @Override
    public void boot(Device device, boolean once, Duration verifyTimeout) {
        int selector = switch (device) {
            case PXE -> 1;
            case DISK -> 2;
            case CD -> 5;
            case BIOS -> 6;
            case NONE -> 0;
        };
        // "set in progress" first, as the spec asks; BMCs that do not keep that parameter refuse it harmlessly
        request("Set System Boot Options (set in progress)", IpmiSession.NETFN_CHASSIS, SET_BOOT, new byte[] {0, 1});
        try {
            byte flags = (byte) (device == Device.NONE ? 0 : 0x80 | (once ? 0 : 0x40));
            byte[] data = {5, flags, (byte) (selector << 2), 0, 0, 0};
            IpmiMessage r = request("Set System Boot Options (boot flags)", IpmiSession.NETFN_CHASSIS, SET_BOOT, data);
            if (r.completion() != 0) {
                throw new ConnectorException(Kind.REFUSED, config.endpoint(), IpmiSession.PROTOCOL, "boot override",
                        where() + " refused the boot override " + name(device) + ": completion code " + CompletionCode.describe(r.completion()));
            }
        } finally {
            request("Set System Boot Options (set complete)", IpmiSession.NETFN_CHASSIS, SET_BOOT, new byte[] {0, 0});
        }
        long deadline = System.nanoTime() + verifyTimeout.toNanos();
        Flags now;
        do {
            now = flags();
            // Some BMCs (OpenIPMI's among them) keep only the device and read the flags back as not
            // valid; the device then is what can be checked, and once/always only where it is kept.
            if (now.device() == device && (!now.valid() || now.persistent() == !once)) return;
        } while (pause(deadline));
        throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), IpmiSession.PROTOCOL, "verify boot override",
                where() + " accepted the boot override " + name(device) + (once ? " once" : " always") + " but reads back "
                        + name(now.device()) + (!now.valid() ? " (flags not valid)" : now.persistent() ? " always" : " once")
                        + " after " + seconds(verifyTimeout));
    }

    private static String name(Device d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    // ---- the session --------------------------------------------------------------------------

    private byte[] call(String name, int netFn, int command, byte[] data) {
        return fresh().call(name, netFn, command, data);
    }

    private IpmiMessage request(String name, int netFn, int command, byte[] data) {
        return fresh().request(name, netFn, command, data);
    }

    private synchronized IpmiSession fresh() {
        if (session.idle().compareTo(RENEW_AFTER) > 0) {
            session.close();
            session = IpmiSession.open(config);
        }
        return session;
    }

    private boolean pause(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        try {
            Thread.sleep(Math.max(1, Math.min(VERIFY_INTERVAL.toMillis(), left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.NOT_VERIFIED, config.endpoint(), IpmiSession.PROTOCOL, "verify",
                    where() + ": verifying was interrupted", e);
        }
        return true;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private String where() {
        return "IPMI at " + config.endpoint();
    }

    /** "IPMI at 127.0.0.1:623 (cipher suite 3)"; never contains a secret. */
    @Override
    public String describe() {
        return where();
    }

    /** Closes the session at the BMC. */
    @Override
    public synchronized void close() {
        session.close();
    }
}
