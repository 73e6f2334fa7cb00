package io.vaxiin.connector.ipmi;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One RMCP+ session with a BMC over UDP: set up by {@link Handshake}, then requests and their
 * responses matched by sequence number, and serial-over-LAN packets handed to a listener. One
 * thread reads the socket; every datagram that cannot be read (truncated, forged, another
 * session's) is dropped and counted, so a BMC that sends garbage ends in a timeout that says so,
 * never in a hang or an exception from the reader.
 *
 * <p>Every request waits {@link IpmiConfig#requestTimeout()}, then one more of it per retry;
 * a request that never gets an answer throws an UNREACHABLE {@link ConnectorException} naming
 * the BMC, the request and what was tried.
 */
final class IpmiSession implements AutoCloseable {

    static final String PROTOCOL = "IPMI";

    /** Network functions and commands this client sends. */
    static final int NETFN_CHASSIS = 0x00, NETFN_APP = 0x06, NETFN_TRANSPORT = 0x0c;

    private final IpmiConfig config;
    private final DatagramSocket socket;
    private final Thread reader;
    private final int consoleSessionId;
    private final Map<Integer, CompletableFuture<IpmiMessage>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger outboundSequence = new AtomicInteger();
    private final AtomicInteger malformed = new AtomicInteger();
    private volatile String lastMalformed;
    private volatile CompletableFuture<Rmcp.Packet> handshakeReply;
    private volatile int handshakeType = -1;
    private volatile SessionKeys keys;
    private volatile int bmcSessionId;
    private volatile Consumer<Rmcp.Packet> solListener;
    private volatile boolean closed;
    private volatile long lastSent = System.nanoTime();
    private int requestSequence;

    private IpmiSession(IpmiConfig config, DatagramSocket socket) {
        this.config = config;
        this.socket = socket;
        this.consoleSessionId = nonZero();
        this.reader = new Thread(this::readLoop, "ipmi-reader " + config.endpoint());
        this.reader.setDaemon(true);
    }

    /**
     * Opens a session: authentication capabilities, open session, RAKP 1–4, then the privilege
     * the configuration asks for.
     *
     * @throws ConnectorException UNREACHABLE when the BMC does not answer, AUTHENTICATION when it
     *                            refuses the user, password, cipher suite or privilege
     */
    static IpmiSession open(IpmiConfig config) {
        DatagramSocket socket;
        try {
            InetSocketAddress address = new InetSocketAddress(java.net.InetAddress.getByName(config.host()), config.port());
            socket = new DatagramSocket();
            socket.connect(address);
        } catch (UnknownHostException e) {
            throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, "connect",
                    "IPMI at " + config.endpoint() + ": unknown host '" + config.host() + "'", e);
        } catch (SocketException e) {
            throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, "connect",
                    "IPMI at " + config.endpoint() + ": cannot open a UDP socket to it (" + e.getMessage() + ")", e);
        }
        IpmiSession session = new IpmiSession(config, socket);
        session.reader.start();
        try {
            new Handshake(session, config).run();
            return session;
        } catch (RuntimeException e) {
            session.closeSocket();
            throw e;
        }
    }

    IpmiConfig config() { return config; }

    int consoleSessionId() { return consoleSessionId; }

    /** "IPMI at 127.0.0.1:623". */
    String where() { return "IPMI at " + config.endpoint(); }

    /** How long ago the last packet was sent. */
    Duration idle() { return Duration.ofNanos(System.nanoTime() - lastSent); }

    /** Called by the handshake when RAKP agreed on the keys: from now on every packet is signed (and encrypted). */
    void established(int bmcSessionId, SessionKeys keys) {
        this.bmcSessionId = bmcSessionId;
        this.keys = keys;
        this.outboundSequence.set(0);
    }

    /** Where serial-over-LAN packets of this session go. */
    void onSol(Consumer<Rmcp.Packet> listener) { this.solListener = listener; }

    // ---- requests -----------------------------------------------------------------------------

    /**
     * Sends a request and returns its response, whatever its completion code; sends it again when
     * no answer comes, and when the BMC says it is busy.
     *
     * @param name what the request is, for messages: "Get Chassis Status"
     */
    IpmiMessage request(String name, int netFn, int command, byte[] data) {
        int sequence = nextRequestSequence();
        int attempts = config.retries() + 1;
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            checkOpen(name);
            CompletableFuture<IpmiMessage> reply = new CompletableFuture<>();
            pending.put(sequence, reply);
            try {
                byte[] message = IpmiMessage.request(netFn, command, sequence, data);
                send(keys == null ? Rmcp.v15(message) : Rmcp.v20(Rmcp.IPMI, bmcSessionId, nextSequence(), message, keys), name);
                IpmiMessage response = await(reply, config.requestTimeout().multipliedBy(attempt), name);
                if (response == null) continue;
                if (response.completion() == CompletionCode.NODE_BUSY && attempt < attempts) continue;
                return response;
            } finally {
                pending.remove(sequence, reply);
            }
        }
        throw noAnswer(name, attempts, started);
    }

    /** As {@link #request}, and the response's data when it succeeded; a REFUSED ConnectorException otherwise. */
    byte[] call(String name, int netFn, int command, byte[] data) {
        IpmiMessage response = request(name, netFn, command, data);
        if (response.completion() != 0) {
            throw new ConnectorException(Kind.REFUSED, config.endpoint(), PROTOCOL, name,
                    where() + " refused " + name + ": completion code " + CompletionCode.describe(response.completion()));
        }
        return response.data();
    }

    /**
     * Sends one handshake message and waits for the reply of {@code replyType} with the same
     * message tag, sending it again when none comes.
     */
    Rmcp.Packet handshake(String name, int type, byte[] payload, int replyType) {
        int attempts = config.retries() + 1;
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            checkOpen(name);
            CompletableFuture<Rmcp.Packet> reply = new CompletableFuture<>();
            handshakeType = replyType;
            handshakeReply = reply;
            send(Rmcp.v20(type, 0, 0, payload, null), name);
            Rmcp.Packet packet = await(reply, config.requestTimeout().multipliedBy(attempt), name);
            if (packet != null) return packet;
        }
        throw noAnswer(name, attempts, started);
    }

    /** Sends a serial-over-LAN payload once (SOL has its own acknowledgements and retries). */
    void sendSol(byte[] payload) {
        checkOpen("serial-over-LAN");
        send(Rmcp.v20(Rmcp.SOL, bmcSessionId, nextSequence(), payload, keys), "serial-over-LAN data");
    }

    /** Sends a datagram once, expecting no answer. */
    void sendOnce(byte[] datagram) {
        send(datagram, "a message");
    }

    /** The next requester sequence number, 0–63. */
    private synchronized int nextRequestSequence() {
        requestSequence = (requestSequence + 1) & 0x3f;
        return requestSequence;
    }

    private int nextSequence() {
        int s = outboundSequence.incrementAndGet();
        if (s == 0) s = outboundSequence.incrementAndGet(); // 0 is reserved for packets outside a session
        return s;
    }

    private void send(byte[] datagram, String name) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length));
            lastSent = System.nanoTime();
        } catch (IOException e) {
            // A closed port answers with ICMP, which shows as an error on a connected socket: the
            // retry loop treats it as no answer, and the message says what the system said.
            lastMalformed = networkSaid(e);
            if (closed) throw closedError(name);
        }
    }

    private <T> T await(CompletableFuture<T> reply, Duration timeout, String name) {
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, name,
                    where() + ": interrupted while waiting for the answer to " + name, e);
        } catch (ExecutionException e) {
            throw closedError(name);
        }
    }

    private ConnectorException noAnswer(String name, int attempts, long started) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String seconds = ms < 1000 ? ms + " ms" : (ms + 500) / 1000 + " s";
        int bad = malformed.get();
        String tail = bad == 0
                ? lastMalformed != null ? " (" + lastMalformed + ")" : " (is IPMI over LAN enabled on the BMC, and is UDP port " + config.port() + " right?)"
                : "; " + bad + (bad == 1 ? " packet" : " packets") + " from it could not be read, the last: " + lastMalformed;
        return new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, name,
                where() + ": no " + (bad == 0 ? "" : "valid ") + "answer to " + name + " after " + attempts
                        + (attempts == 1 ? " try" : " tries") + " over " + seconds + tail);
    }

    private void checkOpen(String name) {
        if (closed) throw closedError(name);
    }

    private ConnectorException closedError(String name) {
        return new ConnectorException(Kind.UNREACHABLE, config.endpoint(), PROTOCOL, name, where() + ": the session is closed");
    }

    // ---- the reader ---------------------------------------------------------------------------

    private void readLoop() {
        byte[] buffer = new byte[65536];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                datagram.setLength(buffer.length);
                socket.receive(datagram);
            } catch (IOException e) {
                if (closed) return;
                // ICMP port unreachable shows here on a connected socket; the requests time out and say so
                lastMalformed = networkSaid(e);
                pause();
                continue;
            }
            try {
                dispatch(Rmcp.decode(buffer, datagram.getLength(), keys));
            } catch (Rmcp.Malformed e) {
                malformed.incrementAndGet();
                lastMalformed = e.getMessage();
            } catch (RuntimeException e) {
                // a listener's failure must not stop the reader; it is counted like a bad packet
                malformed.incrementAndGet();
                lastMalformed = "a packet that could not be handled" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            }
        }
    }

    private String networkSaid(IOException e) {
        if (e instanceof java.net.PortUnreachableException) {
            return "ICMP port unreachable: nothing listens on UDP port " + config.port() + " there";
        }
        return "the network said: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Rmcp.Packet packet) throws Rmcp.Malformed {
        int type = packet.payloadType();
        if (type == Rmcp.IPMI) {
            if (keys != null && packet.sessionId() != consoleSessionId) {
                throw new Rmcp.Malformed("an IPMI response for session " + Integer.toHexString(packet.sessionId()) + ", not this one");
            }
            IpmiMessage m = IpmiMessage.response(packet.payload());
            CompletableFuture<IpmiMessage> reply = pending.get(m.sequence());
            if (reply != null) reply.complete(m);
        } else if (type == Rmcp.SOL) {
            if (keys == null || packet.sessionId() != consoleSessionId) {
                throw new Rmcp.Malformed("a serial-over-LAN packet outside this session");
            }
            Consumer<Rmcp.Packet> sol = solListener;
            if (sol != null) sol.accept(packet);
        } else if (type == handshakeType) {
            CompletableFuture<Rmcp.Packet> reply = handshakeReply;
            if (reply != null) reply.complete(packet);
        } else {
            throw new Rmcp.Malformed("an unexpected payload type " + Rmcp.hex((byte) type));
        }
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Sends a request once and waits one request timeout for its answer, for what is best effort
     * (closing); null when none came or the session is closed.
     */
    IpmiMessage requestOnce(String name, int netFn, int command, byte[] data) {
        if (closed || keys == null) return null;
        int sequence = nextRequestSequence();
        CompletableFuture<IpmiMessage> reply = new CompletableFuture<>();
        pending.put(sequence, reply);
        try {
            send(Rmcp.v20(Rmcp.IPMI, bmcSessionId, nextSequence(), IpmiMessage.request(netFn, command, sequence, data), keys), name);
            return reply.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } finally {
            pending.remove(sequence, reply);
        }
    }

    /** Closes the session at the BMC (one try, not waiting long), then the socket; only the first call does anything. */
    @Override
    public void close() {
        if (closed) return;
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) id[i] = (byte) (bmcSessionId >>> (8 * i));
        requestOnce("Close Session", NETFN_APP, 0x3c, id);
        closeSocket();
    }

    private void closeSocket() {
        closed = true;
        socket.close();
        pending.values().forEach(f -> f.completeExceptionally(new IOException("closed")));
        CompletableFuture<Rmcp.Packet> h = handshakeReply;
        if (h != null) h.completeExceptionally(new IOException("closed"));
    }

    private static int nonZero() {
        int id;
        do {
            id = java.util.concurrent.ThreadLocalRandom.current().nextInt();
        } while (id == 0);
        return id;
    }
}
