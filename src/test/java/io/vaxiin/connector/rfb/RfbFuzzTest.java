package io.vaxiin.connector.rfb;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.fuzz.LoopbackPeer;
import io.vaxiin.fuzz.Oracle;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The RFB client against a server that sends whatever the fuzzer chose: the handshake (version,
 * security types, VNC authentication, ServerInit), then server messages (FramebufferUpdate in
 * Raw, CopyRect, Tight, ZRLE and DesktopSize, SetColourMapEntries, Bell, ServerCutText) until
 * the stream ends. The real {@link RfbSession} runs over a real loopback socket.
 *
 * <p>Input: one byte of client options (bit 0: the client has a password; bit 1: it allows Tight
 * JPEG), then the server-to-client bytes. Seeds under {@code RfbFuzzTestInputs/session} are
 * recorded from Xvnc and QEMU ({@code FuzzSeedRecorder}).
 *
 * <p>A finding is any exception but the client's own errors for bad input
 * ({@link ConnectorException} from the handshake, {@link MalformedDataException} from a message,
 * the end of the stream), a message naming a Java class, or a hang.
 */
class RfbFuzzTest {

    private static final LoopbackPeer PEER = LoopbackPeer.start();

    @FuzzTest(maxDuration = "12s")
    void session(byte[] input) throws IOException {
        if (input.length == 0) return;
        int options = input[0];
        byte[] server = Arrays.copyOfRange(input, 1, input.length);
        PEER.handle(s -> LoopbackPeer.sendAndDrain(s, server));
        RfbConfig config = RfbConfig.builder("127.0.0.1", PEER.port())
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2))
                .password((options & 1) != 0 ? "fuzz-pw".toCharArray() : null)
                .jpegQuality((options & 2) != 0 ? 6 : -1)
                .build();
        // Jazzer's SSRF detector would report the connection to the peer.
        SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> port == PEER.port());
        try {
            run(config, input);
        } finally {
            loopback.close();
        }
    }

    /** Opens a session and reads messages until the stream ends; checks every error a person would read. */
    static void run(RfbConfig config, byte[] input) throws IOException {
        FrameStore fb = new FrameStore();
        RfbSession s;
        try {
            s = RfbSession.open(config, fb);
        } catch (ConnectorException e) {
            Oracle.checkMessage(e.getMessage(), input);
            return;
        }
        try {
            Oracle.checkMessage("x " + s.desktopName() + " " + s.version(), input);
            while (s.readMessage()) {
                fb.lock.lock();
                try {
                    if (fb.version() > 0) fb.snapshot(fb.version() - 1);
                } finally {
                    fb.lock.unlock();
                }
            }
        } catch (MalformedDataException e) {
            // What RfbConsole shows for it.
            Oracle.checkMessage(RfbSession.error(config, ConnectorException.Kind.PROTOCOL, "frame update", e.getMessage(), e).getMessage(), input);
        } catch (IOException e) {
            if (!fromTransport(e)) throw e;
            Oracle.checkMessage("connection lost (" + s.lossReason(e) + ")", input);
        } finally {
            s.close();
            s.release();
        }
    }

    /**
     * The stream ended or broke (what RfbConsole reconnects after): the socket's own errors,
     * OkHttp's WebSocket framing errors, and the WebSocket transport's. Any other IOException
     * came from decoding and should have been a MalformedDataException.
     */
    private static boolean fromTransport(IOException e) {
        if (e instanceof EOFException || e instanceof SocketException || e instanceof java.net.ProtocolException) return true;
        StackTraceElement[] st = e.getStackTrace();
        return st.length > 0 && (st[0].getClassName().startsWith(WebSocketTransport.class.getName())
                || st[0].getClassName().startsWith("okhttp3.") || st[0].getClassName().startsWith("okio."));
    }
}
