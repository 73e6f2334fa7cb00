package io.vaxiin.connector.ipmi

/**
 * A UDP server of the test's own on loopback: each datagram that arrives is handed to a closure
 * that returns the datagrams to answer with (maybe none). With {@link #proxy}, it sits in front
 * of a real BMC and lets the closure change what the BMC answers.
 */
class UdpPeer implements AutoCloseable {

    final DatagramSocket socket = new DatagramSocket(0, InetAddress.loopbackAddress)
    final int port = socket.localPort
    private final Thread thread
    volatile int received

    /** {@code answer(byte[] request)} returns a list of byte[] to send back. */
    UdpPeer(Closure<List<byte[]>> answer) {
        thread = Thread.startDaemon("udp-peer $port") {
            byte[] buf = new byte[65536]
            while (!socket.closed) {
                def p = new DatagramPacket(buf, buf.length)
                try {
                    socket.receive(p)
                } catch (IOException ignored) {
                    return
                }
                received++
                byte[] request = Arrays.copyOf(buf, p.length)
                for (byte[] reply in answer(request)) {
                    try {
                        socket.send(new DatagramPacket(reply, reply.length, p.socketAddress))
                    } catch (IOException ignored) {
                        return
                    }
                }
            }
        }
    }

    /**
     * Forwards every request to the BMC at {@code bmcPort} and hands each of its answers to
     * {@code change(byte[] answer)}, which returns what the client gets instead.
     */
    static UdpPeer proxy(int bmcPort, Closure<List<byte[]>> change) {
        def upstream = new DatagramSocket(0, InetAddress.loopbackAddress)
        upstream.soTimeout = 300
        def peer = new UdpPeer({ byte[] request ->
            upstream.send(new DatagramPacket(request, request.length, InetAddress.loopbackAddress, bmcPort))
            def out = []
            byte[] buf = new byte[65536]
            try {
                def p = new DatagramPacket(buf, buf.length)
                upstream.receive(p)
                out.addAll(change(Arrays.copyOf(buf, p.length)))
            } catch (SocketTimeoutException ignored) {
                // the BMC did not answer this one
            }
            out
        })
        peer.upstream = upstream
        peer
    }

    private DatagramSocket upstream

    @Override
    void close() {
        socket.close()
        upstream?.close()
    }
}
