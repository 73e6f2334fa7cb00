package io.vaxiin.connector.rfb;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vaxiin.fuzz.LoopbackPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * RFB over WebSocket against a server whose HTTP upgrade answer and frames the fuzzer chose
 * (lengths, masks, fragmentation, ping/pong, close, text frames), carrying an RFB stream.
 *
 * <p>Input: one byte of options; bit 0 set: the peer answers a correct {@code 101} upgrade and
 * the rest is raw frame bytes; bit 0 clear: the rest is the whole answer, upgrade included, with
 * {@code {ACCEPT}} replaced by the right Sec-WebSocket-Accept for the client's key (so recorded
 * answers stay valid). Bit 1: the client has a password. Seeds under
 * {@code WebSocketFuzzTestInputs/frames} are recorded from QEMU's WebSocket VNC.
 */
class WebSocketFuzzTest {

    private static final LoopbackPeer PEER = LoopbackPeer.start();
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @FuzzTest(maxDuration = "10s")
    void frames(byte[] input) throws IOException {
        if (input.length == 0) return;
        int options = input[0];
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        PEER.handle(s -> {
            String head = LoopbackPeer.readHead(s.getInputStream());
            String accept = accept(LoopbackPeer.header(head, "Sec-WebSocket-Key"));
            byte[] answer;
            if ((options & 1) != 0) {
                byte[] upgrade = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: binary\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                answer = concat(upgrade, rest);
            } else {
                answer = replace(rest, "{ACCEPT}".getBytes(StandardCharsets.US_ASCII), accept.getBytes(StandardCharsets.US_ASCII));
            }
            LoopbackPeer.sendAndDrain(s, answer);
        });
        RfbConfig config = RfbConfig.webSocket("ws://127.0.0.1:" + PEER.port() + "/websockify")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2))
                .password((options & 2) != 0 ? "fuzz-pw".toCharArray() : null)
                .build();
        // Jazzer's SSRF detector would report the connection to the peer.
        SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> port == PEER.port());
        try {
            RfbFuzzTest.run(config, input);
        } finally {
            loopback.close();
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(((key == null ? "" : key) + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code data} with the first occurrence of {@code what} replaced by {@code with}. */
    static byte[] replace(byte[] data, byte[] what, byte[] with) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) continue outer;
            }
            byte[] out = new byte[data.length - what.length + with.length];
            System.arraycopy(data, 0, out, 0, i);
            System.arraycopy(with, 0, out, i, with.length);
            System.arraycopy(data, i + what.length, out, i + with.length, data.length - i - what.length);
            return out;
        }
        return data;
    }
}
