package io.vaxiin.target;

import io.vaxiin.connector.web.ViewerProfile;
import io.vaxiin.connector.web.ViewerProfileException;
import io.vaxiin.connector.web.ViewerProfiles;
import io.vaxiin.connector.web.WebConfig;
import io.vaxiin.connector.web.WebConsole;

import java.util.Arrays;
import java.util.Map;

/**
 * KVM consoles that only a browser opens: {@code web+https://[USER[:SECRET]@]HOST[:PORT]} (and
 * {@code web+http://}), the BMC's HTML5 viewer driven in headless Chromium by the viewer profile
 * that {@code --viewer NAME|FILE} or the inventory's {@code viewer:} names.
 */
final class WebKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return ConnectorKind.ordered("web+https", Role.CONSOLE, "web+http", Role.CONSOLE);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        WebConfig.Builder b = WebConfig.fromUri(uri);
        if (e.viewer() == null) {
            throw new TargetException(e.target() + ": " + Targets.redact(uri) + " needs a viewer profile: --viewer NAME (one of "
                    + String.join(", ", ViewerProfiles.shipped(e.viewers())) + ") or a profile file, or viewer: in the inventory");
        }
        ViewerProfile profile;
        try {
            profile = ViewerProfiles.resolve(e.viewer(), e.viewers());
        } catch (ViewerProfileException ex) {
            throw new TargetException(ex.getMessage());
        }
        b.profile(profile);
        if (e.credentials() != null && !b.hasPassword()) {
            char[] pw = e.password();
            if (b.hasUsername()) b.password(pw);
            else b.credentials(e.credentials().username(), pw);
            Arrays.fill(pw, '\0');
        }
        if (e.tlsPin() != null) b.pinnedCertificateSha256(e.tlsPin());
        b.evidence(e.evidence());
        b.log(message -> e.log().step(message));
        WebConfig config = b.build();
        return () -> Opened.console(WebConsole.connect(config));
    }
}
