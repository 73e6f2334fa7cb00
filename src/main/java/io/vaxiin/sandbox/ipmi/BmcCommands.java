package io.vaxiin.sandbox.ipmi;

import io.vaxiin.connector.ipmi.IpmiMessage;
import io.vaxiin.sandbox.redfish.SimulatedBmc;
import io.vaxiin.sandbox.redfish.SimulatedBmc.BootSetting;

/**
 * The IPMI commands the sandbox's BMC answers, turned into calls on the machine
 * ({@link SimulatedBmc}, as the Redfish service makes them):
 *
 * <ul>
 *   <li>App: Get Device ID (manufacturer {@link SimulatedBmc#ipmiManufacturer()}, {@value IpmiBmc#MANUFACTURER_ID} unless posing; product
 *       {@value IpmiBmc#PRODUCT_ID}), Get System GUID, Get Channel Authentication Capabilities,
 *       Get Channel Cipher Suites, Set Session Privilege Level, Close Session, and SOL's Activate
 *       / Deactivate Payload and Get Payload Activation Status;</li>
 *   <li>Chassis: Get Chassis Status, Chassis Control (0 power down: ForceOff, 1 power up: On,
 *       2 power cycle: PowerCycle, 3 hard reset: ForceRestart, 4 diagnostic interrupt: Nmi,
 *       5 soft shutdown: GracefulShutdown), Set/Get System Boot Options (parameter 0 set in
 *       progress, 4 boot info acknowledge, 5 boot flags: valid, persistent, device PXE 1,
 *       disk 2/3, CD 5, BIOS setup 6).</li>
 * </ul>
 * Power and boot need operator privilege, the rest user; any other command is 0xC1.
 */
final class BmcCommands {

    /** Network functions of requests. */
    static final int NETFN_CHASSIS = 0x00, NETFN_APP = 0x06;

    /**
     * An answer: the completion code, the data after it, and what to do once it is sent
     * (Close Session ends the session only after answering in it).
     */
    record Answer(int completion, byte[] data, Runnable after) {
        static Answer of(int completion) {
            return new Answer(completion, new byte[0], null);
        }

        static Answer data(byte... data) {
            return new Answer(0, data, null);
        }
    }

    private static final int INVALID_COMMAND = 0xc1, LENGTH_INVALID = 0xc7, INVALID_FIELD = 0xcc,
            INSUFFICIENT_PRIVILEGE = 0xd4, PARAMETER_NOT_SUPPORTED = 0x80;

    private final SimulatedBmc machine;
    private final IpmiBmc bmc;
    private final SolPayload sol;
    private final byte[] guid;
    private int setInProgress;

    BmcCommands(SimulatedBmc machine, IpmiBmc bmc, SolPayload sol, byte[] guid) {
        this.machine = machine;
        this.bmc = bmc;
        this.sol = sol;
        this.guid = guid;
    }

    /** The commands that are answered before a session: the console asks them to choose how to open one. */
    static boolean outsideSession(IpmiMessage m) {
        return m.netFn() == NETFN_APP && (m.command() == 0x38 || m.command() == 0x54 || m.command() == 0x37);
    }

    /** Answers a request; {@code s} is null outside a session (only {@link #outsideSession} commands come then). */
    Answer handle(BmcSession s, IpmiMessage m) {
        byte[] d = m.data();
        if (m.netFn() == NETFN_APP) {
            return switch (m.command()) {
                case 0x01 -> deviceId();
                case 0x37 -> Answer.data(guid.clone());
                case 0x38 -> authCapabilities(d);
                case 0x54 -> cipherSuites(d);
                case 0x3b -> privilege(s, d);
                case 0x3c -> closeSession(s, d);
                case 0x48 -> !needs(s, BmcSession.USER) ? denied() : !sol(d) ? Answer.of(INVALID_FIELD) : sol.activate(s, d);
                case 0x49 -> !needs(s, BmcSession.USER) ? denied() : !sol(d) ? Answer.of(INVALID_FIELD) : sol.deactivate(s, d);
                case 0x4a -> d.length < 1 ? Answer.of(LENGTH_INVALID) : sol(d) ? Answer.data(sol.status()) : Answer.of(INVALID_FIELD);
                default -> Answer.of(INVALID_COMMAND);
            };
        }
        if (m.netFn() == NETFN_CHASSIS) {
            return switch (m.command()) {
                case 0x01 -> chassisStatus();
                case 0x02 -> needs(s, BmcSession.OPERATOR) ? control(d) : denied();
                case 0x08 -> needs(s, BmcSession.OPERATOR) ? setBootOption(d) : denied();
                case 0x09 -> getBootOption(d);
                default -> Answer.of(INVALID_COMMAND);
            };
        }
        return Answer.of(INVALID_COMMAND);
    }

    private static boolean needs(BmcSession s, int level) {
        return s != null && s.privilege >= level;
    }

    private static Answer denied() {
        return Answer.of(INSUFFICIENT_PRIVILEGE);
    }

    private static boolean sol(byte[] d) {
        return d.length >= 1 && (d[0] & 0x3f) == 0x01;
    }

    // ---- App ----------------------------------------------------------------------------------

    private Answer deviceId() {
        int m = machine.ipmiManufacturer(), p = IpmiBmc.PRODUCT_ID;
        return Answer.data((byte) 0x20, (byte) 0x01, (byte) 0x01, (byte) 0x00, (byte) 0x02, (byte) 0x80,
                (byte) m, (byte) (m >>> 8), (byte) (m >>> 16), (byte) p, (byte) (p >>> 8), (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    private static boolean thisChannel(int channel) {
        return channel == 0x0e || channel == 0x01;
    }

    private Answer authCapabilities(byte[] d) {
        if (d.length < 2) return Answer.of(LENGTH_INVALID);
        if (!thisChannel(d[0] & 0x0f)) return Answer.of(INVALID_FIELD);
        boolean v20 = (d[0] & 0x80) != 0;
        // no IPMI v1.5 authentication types: sessions are RMCP+ only; non-null user names; v2.0 connections
        return Answer.data((byte) 0x01, (byte) (v20 ? 0x80 : 0x00), (byte) 0x04, (byte) (v20 ? 0x02 : 0x00), (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    private Answer cipherSuites(byte[] d) {
        if (d.length < 3) return Answer.of(LENGTH_INVALID);
        if (!thisChannel(d[0] & 0x0f) || (d[1] & 0x3f) != 0) return Answer.of(INVALID_FIELD);
        // records: start of a standard suite (0xC0), its number, then its algorithms tagged auth 00, integrity 01, confidentiality 10
        byte[] records = {(byte) 0xc0, 0x03, 0x01, 0x41, (byte) 0x81, (byte) 0xc0, 0x11, 0x03, 0x44, (byte) 0x81};
        int index = d[2] & 0x3f;
        int from = Math.min(records.length, index * 16);
        int to = Math.min(records.length, from + 16);
        byte[] r = new byte[1 + to - from];
        r[0] = 0x01;
        System.arraycopy(records, from, r, 1, to - from);
        return Answer.data(r);
    }

    private Answer privilege(BmcSession s, byte[] d) {
        if (s == null) return denied();
        if (d.length < 1) return Answer.of(LENGTH_INVALID);
        int level = d[0] & 0x0f;
        if (level == 0) return Answer.data((byte) s.privilege);
        if (level > BmcSession.ADMINISTRATOR) return Answer.of(INVALID_FIELD);
        if (level > s.maxPrivilege || level > (s.role & 0x0f)) return Answer.of(0x81); // exceeds what the session may have
        s.privilege = level;
        return Answer.data((byte) level);
    }

    private Answer closeSession(BmcSession s, byte[] d) {
        if (s == null) return denied();
        if (d.length < 4) return Answer.of(LENGTH_INVALID);
        int id = (d[0] & 0xff) | (d[1] & 0xff) << 8 | (d[2] & 0xff) << 16 | (d[3] & 0xff) << 24;
        if (id != s.bmcId && (s.privilege < BmcSession.ADMINISTRATOR || !bmc.hasSession(id))) {
            return Answer.of(0x87); // invalid session ID in the request
        }
        return new Answer(0, new byte[0], () -> bmc.closeSession(id, "closed by its console"));
    }

    // ---- Chassis ------------------------------------------------------------------------------

    private Answer chassisStatus() {
        boolean on = machine.power() == SimulatedBmc.PowerState.ON || machine.power() == SimulatedBmc.PowerState.POWERING_OFF;
        // power restore policy "always off" (00), no faults, no last-event detail
        return Answer.data((byte) (on ? 0x01 : 0x00), (byte) 0x00, (byte) 0x00);
    }

    private Answer control(byte[] d) {
        if (d.length < 1) return Answer.of(LENGTH_INVALID);
        String reset = switch (d[0] & 0x0f) {
            case 0 -> "ForceOff";
            case 1 -> "On";
            case 2 -> "PowerCycle";
            case 3 -> "ForceRestart";
            case 4 -> "Nmi";
            case 5 -> "GracefulShutdown";
            default -> null;
        };
        if (reset == null) return Answer.of(INVALID_FIELD);
        machine.reset(reset);
        return Answer.of(0);
    }

    private Answer setBootOption(byte[] d) {
        if (d.length < 1) return Answer.of(LENGTH_INVALID);
        int parameter = d[0] & 0x7f;
        switch (parameter) {
            case 0 -> {
                if (d.length < 2) return Answer.of(LENGTH_INVALID);
                int v = d[1] & 0x03;
                if (v == 3) return Answer.of(INVALID_FIELD);
                setInProgress = v == 1 ? 1 : 0;
                return Answer.of(0);
            }
            case 4 -> {
                return d.length < 3 ? Answer.of(LENGTH_INVALID) : Answer.of(0);
            }
            case 5 -> {
                if (d.length < 6) return Answer.of(LENGTH_INVALID);
                boolean valid = (d[1] & 0x80) != 0;
                boolean persistent = (d[1] & 0x40) != 0;
                int device = (d[2] & 0x3c) >>> 2;
                String target = switch (device) {
                    case 0 -> "None";
                    case 1 -> "Pxe";
                    case 2, 3 -> "Hdd";
                    case 5 -> "Cd";
                    case 6 -> "BiosSetup";
                    default -> null;
                };
                if (target == null) return Answer.of(INVALID_FIELD); // diagnostics, floppy, remote media: this machine has none
                machine.setBoot(!valid || device == 0 ? BootSetting.NONE : new BootSetting(target, persistent ? "Continuous" : "Once"));
                return Answer.of(0);
            }
            default -> {
                return Answer.of(PARAMETER_NOT_SUPPORTED);
            }
        }
    }

    private Answer getBootOption(byte[] d) {
        if (d.length < 3) return Answer.of(LENGTH_INVALID);
        int parameter = d[0] & 0x7f;
        return switch (parameter) {
            case 0 -> Answer.data((byte) 0x01, (byte) 0x00, (byte) setInProgress);
            case 4 -> Answer.data((byte) 0x01, (byte) 0x04, (byte) 0x00, (byte) 0x00);
            case 5 -> {
                BootSetting b = machine.boot();
                int device = switch (b.target()) {
                    case "Pxe" -> 1;
                    case "Hdd" -> 2;
                    case "Cd" -> 5;
                    case "BiosSetup" -> 6;
                    default -> 0;
                };
                boolean valid = !b.enabled().equals("Disabled") && device != 0;
                int flags = valid ? 0x80 | (b.enabled().equals("Continuous") ? 0x40 : 0) : 0;
                yield Answer.data((byte) 0x01, (byte) 0x05, (byte) flags, (byte) (valid ? device << 2 : 0), (byte) 0, (byte) 0, (byte) 0);
            }
            default -> Answer.of(PARAMETER_NOT_SUPPORTED);
        };
    }
}
