package io.vaxiin.watch;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Power;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * An inventory's {@code health:} check, which watch mode asks before it looks at a server's
 * consoles: {@code tcp://HOST:PORT} (the port accepts a connection: sshd answers),
 * {@code http(s)://…} (a 2xx answer), {@code redfish} (the BMC says the power is on). Each is
 * bounded by a timeout; a server that passes is healthy and its BMC is not bothered.
 */
final class Health {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Health() {}

    /** How the check went: passed, and what it saw. */
    record Result(boolean passed, String said) {}

    /** Checks {@code health} ({@code power} only for {@code redfish}). */
    static Result check(String health, Power power) {
        if (health.equals("redfish")) {
            if (power == null) return new Result(false, "health redfish: the server has no power URI");
            try {
                Power.State state = power.state();
                return new Result(state == Power.State.ON, "health redfish: the power is " + state.name().toLowerCase());
            } catch (ConnectorException e) {
                return new Result(false, "health redfish: " + e.getMessage());
            }
        }
        if (health.startsWith("tcp://")) {
            URI u = URI.create(health);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), (int) TIMEOUT.toMillis());
                return new Result(true, "health " + health + ": accepts connections");
            } catch (IOException e) {
                return new Result(false, "health " + health + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        OkHttpClient client = new OkHttpClient.Builder().callTimeout(TIMEOUT).build();
        try (Response r = client.newCall(new Request.Builder().url(health).get().build()).execute()) {
            return new Result(r.isSuccessful(), "health " + health + ": HTTP " + r.code());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(false, "health " + health + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
