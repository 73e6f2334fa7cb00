package io.vaxiin.target;

import io.vaxiin.connector.screenshot.ScreenshotConfig;
import io.vaxiin.connector.screenshot.ScreenshotConsole;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A read-only screen polled from a BMC's screenshot API, for servers whose KVM cannot be reached:
 * {@code screenshot+https://[USER@]HOST[:PORT]?api=dell-export|supermicro-preview|ilo-thumbnail[&every=5s]}
 * ({@code screenshot+http://} for plain HTTP).
 */
final class ScreenshotKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return ConnectorKind.ordered("screenshot+https", Role.CONSOLE, "screenshot+http", Role.CONSOLE);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        ScreenshotConfig.Builder b = ScreenshotConfig.fromUri(uri);
        if (e.credentials() == null && !b.hasPassword()) {
            throw new TargetException(e.target() + ": " + Targets.redact(uri) + " gives no credentials: write screenshot+https://USER:env:NAME@HOST?api=…"
                    + " (or :file:PATH), or give the server credentials in the inventory");
        }
        if (e.credentials() != null && !b.hasPassword()) {
            char[] pw = e.password();
            if (b.hasUsername()) b.password(pw);
            else b.credentials(e.credentials().username(), pw);
            Arrays.fill(pw, '\0');
        }
        if (e.tlsPin() != null) b.pinnedCertificateSha256(e.tlsPin());
        // Connecting (the login and the first screenshot) may not outlast the target's connect deadline.
        Duration deadline = e.connectDeadline();
        ScreenshotConfig probe = b.build();
        if (deadline.compareTo(probe.requestTimeout()) < 0) b.requestTimeout(deadline);
        b.listener(message -> e.log().warn(e.target() + ": " + message));
        ScreenshotConfig config = b.build();
        return () -> Opened.console(ScreenshotConsole.connect(config));
    }
}
