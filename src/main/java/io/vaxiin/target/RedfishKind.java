package io.vaxiin.target;

import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.connector.redfish.RedfishConfig;
import io.vaxiin.connector.redfish.RedfishFacts;

import java.util.Arrays;
import java.util.Map;

/** Power and boot over Redfish: {@code redfish://} (HTTPS) and {@code redfish+http://}. */
final class RedfishKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return ConnectorKind.ordered("redfish", Role.POWER, "redfish+http", Role.POWER);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        RedfishConfig.Builder b = RedfishConfig.builder().uri(uri);
        if (e.credentials() == null && !uri.substring(uri.indexOf("://") + 3).contains("@")) {
            if (e.withoutLogin()) {
                if (e.tlsPin() != null) b.pinnedCertificateSha256(e.tlsPin());
                RedfishConfig anonymous = b.credentials("", new char[0]).build();
                return () -> { throw RedfishClient.withoutLogin(anonymous); };
            }
            throw new TargetException(e.target() + ": " + uri + " gives no credentials: write redfish://USER:env:NAME@HOST"
                    + " (or :file:PATH), or give the server credentials in the inventory");
        }
        if (e.credentials() != null) {
            char[] pw = e.password();
            b.credentials(e.credentials().username(), pw);
            Arrays.fill(pw, '\0');
        }
        if (e.tlsPin() != null) b.pinnedCertificateSha256(e.tlsPin());
        RedfishConfig config = b.build();
        return () -> {
            RedfishClient bmc = RedfishClient.connect(config);
            RedfishFacts f = bmc.facts();
            return new Opened(null, bmc, bmc, null, f.vendor(), f.model(), bmc.describe(), bmc);
        };
    }
}
