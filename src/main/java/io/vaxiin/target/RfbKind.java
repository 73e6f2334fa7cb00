package io.vaxiin.target;

import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** KVM consoles over RFB: {@code vnc://}, and RFB over WebSocket {@code ws://}, {@code wss://}. */
final class RfbKind implements ConnectorKind {

    private static final Duration TCP_CONNECT = Duration.ofSeconds(10);

    @Override
    public Map<String, Role> schemes() {
        return ConnectorKind.ordered("vnc", Role.CONSOLE, "ws", Role.CONSOLE, "wss", Role.CONSOLE);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        RfbConfig.Builder b = RfbConfig.fromUri(uri);
        if (e.tlsPin() != null && uri.toLowerCase(java.util.Locale.ROOT).startsWith("wss:")) b.pinnedCertificateSha256(e.tlsPin());
        if (e.credentials() != null && !uri.contains("@")) {
            char[] pw = e.password();
            b.password(pw);
            Arrays.fill(pw, '\0');
        }
        Duration deadline = e.connectDeadline();
        b.handshakeTimeout(deadline).connectTimeout(TCP_CONNECT.compareTo(deadline) < 0 ? TCP_CONNECT : deadline)
                .listener(event -> e.log().warn(e.target() + ": " + event.message()));
        RfbConfig config = b.build();
        return () -> Opened.console(RfbConsole.connect(config));
    }
}
