package io.vaxiin.connector.redfish;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vaxiin.connector.Boot;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Power;
import io.vaxiin.fuzz.LoopbackPeer;
import io.vaxiin.fuzz.Oracle;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redfish client against a BMC whose HTTP answers the fuzzer chose: the service root,
 * session login, Systems, Managers, ActionInfo, power and boot-override answers, error bodies.
 * Discovery runs, then every read and action the client offers ({@code state}, {@code supported},
 * {@code current}, each power action and a boot override, verified with no time to wait).
 *
 * <p>Input: the raw HTTP responses (status line, headers, body) to the client's requests in the
 * order it makes them, separated by NUL bytes; each is sent on its own connection, which the peer
 * then closes. Requests beyond the last answer get 404. Seeds under
 * {@code RedfishFuzzTestInputs/client} are the vendor mockups of the shared fixtures, answered in
 * the order discovery asks for them ({@code FuzzSeedRecorder}).
 *
 * <p>A finding is any exception but {@link ConnectorException}, a message naming a Java class, or a hang.
 */
public class RedfishFuzzTest {

    private static final LoopbackPeer PEER = LoopbackPeer.start();
    private static final byte[] NOT_FOUND = "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes();

    @FuzzTest(maxDuration = "10s")
    void client(byte[] input) {
        List<byte[]> answers = split(input);
        AtomicInteger next = new AtomicInteger();
        PEER.handle(s -> {
            readRequest(s);
            int i = next.getAndIncrement();
            LoopbackPeer.sendAndDrain(s, i < answers.size() ? answers.get(i) : NOT_FOUND);
        });
        RedfishConfig config = RedfishConfig.builder().url("http://127.0.0.1:" + PEER.port())
                .credentials("root", "fuzz-pw")
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(2))
                .verifyInterval(Duration.ofMillis(1))
                .build();
        // Jazzer's SSRF detector would report the connection to the peer.
        SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> port == PEER.port());
        try {
            exercise(config, input);
        } finally {
            loopback.close();
        }
    }

    /** Discovery, then every read and action, in a fixed order (the seeds' answers follow it). */
    public static void exercise(RedfishConfig config, byte[] input) {
        RedfishClient client;
        try {
            client = RedfishClient.connect(config);
        } catch (ConnectorException e) {
            Oracle.checkMessage(e.getMessage(), input);
            return;
        }
        try {
            Oracle.checkMessage("x " + client + " " + client.facts(), input);
            attempt(client::state, input);
            attempt(client::supported, input);
            attempt(client::current, input);
            for (Power.Action a : Power.Action.values()) attempt(() -> { client.power(a, Duration.ZERO); return null; }, input);
            attempt(() -> { client.boot(Boot.Device.PXE, true, Duration.ZERO); return null; }, input);
            attempt(() -> { client.boot(Boot.Device.NONE, false, Duration.ZERO); return null; }, input);
        } finally {
            client.close();
        }
    }

    private static void attempt(java.util.function.Supplier<?> call, byte[] input) {
        try {
            call.get();
        } catch (ConnectorException e) {
            Oracle.checkMessage(e.getMessage(), input);
        }
    }

    static List<byte[]> split(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0) {
                out.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** Reads one request: its head, then as many body bytes as it says. */
    private static void readRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String head = LoopbackPeer.readHead(in);
        String length = LoopbackPeer.header(head, "Content-Length");
        long n = length == null ? 0 : Long.parseLong(length);
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) return;
                skipped = 1;
            }
            n -= skipped;
        }
    }
}
