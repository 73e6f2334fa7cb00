package io.vaxiin.sandbox.ipmi;

import io.vaxiin.connector.ipmi.IpmiMessage;
import io.vaxiin.connector.ipmi.Rmcp;
import io.vaxiin.connector.ipmi.SessionKeys;
import io.vaxiin.sandbox.redfish.SimulatedBmc;
import io.vaxiin.sandbox.serial.SerialLine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sandbox's IPMI v2.0 LAN BMC: RMCP+ over UDP on 127.0.0.1 ({@code ipmi://127.0.0.1:PORT},
 * and {@code sol://} for its serial-over-LAN), with one user, the machine's power and boot
 * device behind its chassis commands and the machine's serial line behind SOL. {@code ipmitool
 * -I lanplus -C 3} (or {@code -C 17}) and Vaxiin's own IPMI client talk to it as to a server's BMC.
 *
 * <ul>
 *   <li>Outside a session it answers only Get Channel Authentication Capabilities (in the IPMI
 *       v1.5 format a console asks it in), Get Channel Cipher Suites and Get System GUID, and the
 *       session set-up of {@link RakpResponder}.</li>
 *   <li>In a session every packet is signed and encrypted with the session's keys; a packet
 *       whose integrity code is wrong, that belongs to no session, comes from another address
 *       than the session's, or repeats a sequence number, is dropped (and logged, the first
 *       {@value #LOGGED_DROPS}). A request sent again (the same bytes: a retry) gets the same
 *       answer again and is not carried out twice.</li>
 *   <li>The commands are those of {@link BmcCommands}; SOL is {@link SolPayload}.</li>
 *   <li>A session idle for 60 s ends, as the specification's inactivity timeout says; one that
 *       never finished RAKP ends after 10 s. At most {@value RakpResponder#MAX_SESSIONS}.</li>
 * </ul>
 * Get Device ID reports manufacturer {@value #MANUFACTURER_ID}, the IANA number set aside for
 * documentation (RFC 5612), so nothing mistakes it for a vendor's BMC, and product
 * {@value #PRODUCT_ID} ("VX"), firmware 1.00, IPMI 2.0.
 *
 * <p>All state lives on one thread; datagrams and serial bytes are handed to it.
 */
public final class IpmiBmc implements AutoCloseable {

    /** Get Device ID's manufacturer: 32473, IANA's enterprise number for documentation (RFC 5612). */
    public static final int MANUFACTURER_ID = 32473;
    /** Get Device ID's product: 0x5658, "VX". */
    public static final int PRODUCT_ID = 0x5658;

    static final int LOGGED_DROPS = 20;
    private static final long SESSION_TIMEOUT = TimeUnit.SECONDS.toNanos(60);
    private static final long HANDSHAKE_TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    private final DatagramSocket socket;
    private final ScheduledExecutorService thread;
    private final Consumer<String> log;
    private final byte[] key;
    private final Map<Integer, BmcSession> sessions = new HashMap<>();
    private final RakpResponder rakp;
    private final SolPayload sol;
    private final BmcCommands commands;
    private volatile boolean closed;
    private int dropped;

    private IpmiBmc(DatagramSocket socket, SimulatedBmc machine, SerialLine serial, String user, byte[] key, Consumer<String> log) {
        this.socket = socket;
        this.log = log;
        this.key = key;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox ipmi " + socket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        byte[] guid = SessionKeys.random(16);
        this.rakp = new RakpResponder(user.getBytes(StandardCharsets.UTF_8), key, guid, sessions, log);
        this.sol = new SolPayload(serial, thread, (s, p) -> send(s.packet(Rmcp.SOL, p), s.peer), socket.getLocalPort(), log);
        this.commands = new BmcCommands(machine, this, sol, guid);
    }

    /**
     * Starts a BMC on {@code 127.0.0.1:port} (0: a free port).
     *
     * @param user     the one user (at most 16 bytes); it has administrator privilege
     * @param password its password (at most 20 bytes), copied
     * @param log      told about sessions, SOL, refusals and dropped packets; never a secret
     */
    public static IpmiBmc start(SimulatedBmc machine, SerialLine serial, String user, char[] password, int port,
                                Consumer<String> log) throws IOException {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] key = new byte[b.remaining()];
        b.get(key);
        if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
        if (key.length > 20 || user.getBytes(StandardCharsets.UTF_8).length > 16) {
            throw new IllegalArgumentException("an IPMI user name has at most 16 bytes and its password at most 20");
        }
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        IpmiBmc bmc = new IpmiBmc(socket, machine, serial, user, key, log);
        Thread reader = new Thread(bmc::receive, "sandbox ipmi reader " + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        bmc.thread.scheduleAtFixedRate(bmc::expire, 1, 1, TimeUnit.SECONDS);
        return bmc;
    }

    /** The UDP port. */
    public int port() { return socket.getLocalPort(); }

    /** {@code ipmi://127.0.0.1:PORT}: power and boot; no credentials in it. */
    public String uri() { return "ipmi://127.0.0.1:" + port(); }

    /** {@code sol://127.0.0.1:PORT}: the serial console over serial-over-LAN. */
    public String solUri() { return "sol://127.0.0.1:" + port(); }

    private void receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                p.setLength(buffer.length);
                socket.receive(p);
                byte[] d = Arrays.copyOf(buffer, p.getLength());
                SocketAddress from = p.getSocketAddress();
                thread.execute(() -> handle(d, from));
            } catch (IOException | RejectedExecutionException e) {
                if (closed) return;
            }
        }
    }

    private void handle(byte[] d, SocketAddress from) {
        try {
            int id = Rmcp.sessionIdOf(d, d.length);
            if (id == 0) {
                outsideSession(d, from);
                return;
            }
            BmcSession s = sessions.get(id);
            if (s == null || !s.active()) {
                drop(from, String.format("a packet for session 0x%08x, which this BMC does not have", id));
                return;
            }
            if (!s.peer.equals(from)) {
                drop(from, "a packet for " + s + ", which was opened from " + s.peer);
                return;
            }
            Rmcp.Packet p = Rmcp.decode(d, d.length, s.keys);
            if (!s.fresh(p.sequence())) {
                drop(from, "a packet of " + s + " with a sequence number already seen or too old (" + Integer.toUnsignedString(p.sequence()) + ")");
                return;
            }
            s.touch();
            switch (p.payloadType()) {
                case Rmcp.IPMI -> request(s, p.payload());
                case Rmcp.SOL -> sol.inbound(s, p.payload());
                default -> drop(from, "a payload of type " + p.payloadType() + " in " + s);
            }
        } catch (Rmcp.Malformed e) {
            drop(from, e.getMessage());
        } catch (RuntimeException e) {
            drop(from, "a packet that could not be handled (" + e + ")");
        }
    }

    private void outsideSession(byte[] d, SocketAddress from) throws Rmcp.Malformed {
        Rmcp.Packet p = Rmcp.decode(d, d.length, null);
        byte[] reply = switch (p.payloadType()) {
            case Rmcp.IPMI -> {
                IpmiMessage m = IpmiMessage.parseRequest(p.payload());
                if (!BmcCommands.outsideSession(m)) {
                    drop(from, String.format("request 0x%02x/0x%02x outside a session", m.netFn(), m.command()));
                    yield null;
                }
                BmcCommands.Answer a = commands.handle(null, m);
                byte[] r = IpmiMessage.responseTo(p.payload(), a.completion(), a.data());
                yield (d[4] & 0xff) == 0 ? Rmcp.v15(r) : Rmcp.v20(Rmcp.IPMI, 0, 0, r, null);
            }
            case Rmcp.OPEN_REQUEST -> rakp.openSession(p.payload(), from);
            case Rmcp.RAKP1 -> rakp.rakp1(p.payload(), from);
            case Rmcp.RAKP3 -> rakp.rakp3(p.payload(), from);
            default -> {
                drop(from, "a payload of type " + p.payloadType() + " outside a session");
                yield null;
            }
        };
        if (reply != null) send(reply, from);
    }

    private void request(BmcSession s, byte[] raw) throws Rmcp.Malformed {
        IpmiMessage m = IpmiMessage.parseRequest(raw);
        if (Arrays.equals(raw, s.lastRequest)) {
            send(s.packet(Rmcp.IPMI, s.lastResponse), s.peer); // a retry: its answer was lost
            return;
        }
        BmcCommands.Answer a = commands.handle(s, m);
        byte[] r = IpmiMessage.responseTo(raw, a.completion(), a.data());
        s.lastRequest = raw;
        s.lastResponse = r;
        send(s.packet(Rmcp.IPMI, r), s.peer);
        if (a.after() != null) a.after().run();
    }

    /** True when a session with this BMC session ID is active. */
    boolean hasSession(int id) {
        BmcSession s = sessions.get(id);
        return s != null && s.active();
    }

    /** Ends a session (and its SOL). */
    void closeSession(int id, String why) {
        BmcSession s = sessions.remove(id);
        if (s == null) return;
        sol.sessionGone(s);
        if (s.active()) log.accept("sandbox ipmi: " + s + " " + why);
    }

    private void expire() {
        long now = System.nanoTime();
        List<BmcSession> old = new ArrayList<>();
        for (BmcSession s : sessions.values()) {
            if (now - s.lastActive > (s.active() ? SESSION_TIMEOUT : HANDSHAKE_TIMEOUT)) old.add(s);
        }
        for (BmcSession s : old) closeSession(s.bmcId, "ended: idle for " + (s.active() ? "60" : "10") + " s");
    }

    private void send(byte[] datagram, SocketAddress to) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            // the console went away; its session times out
        }
    }

    private void drop(SocketAddress from, String why) {
        dropped++;
        if (dropped <= LOGGED_DROPS) {
            log.accept("sandbox ipmi: dropped " + why + " from " + from + (dropped == LOGGED_DROPS ? " (further drops are not logged)" : ""));
        }
    }

    /** Stops the BMC: its sessions end without a word, as when a BMC loses power. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        socket.close();
        try {
            thread.submit(() -> {
                sol.close();
                sessions.clear();
                Arrays.fill(key, (byte) 0);
            }).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the BMC's thread is stuck in the machine; it is a daemon and is stopped below
        }
        thread.shutdownNow();
    }
}
