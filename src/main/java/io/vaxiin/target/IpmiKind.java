package io.vaxiin.target;

import io.vaxiin.connector.ipmi.IpmiChassis;
import io.vaxiin.connector.ipmi.IpmiConfig;
import io.vaxiin.connector.ipmi.SolConsole;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** IPMI v2.0 (RMCP+): power and boot with {@code ipmi://}, the serial console with {@code sol://}. */
final class IpmiKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return ConnectorKind.ordered("ipmi", Role.POWER, "sol", Role.SERIAL);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        IpmiConfig.Builder b = IpmiConfig.fromUri(uri);
        if (e.credentials() != null && !uri.contains("@")) {
            b.username(e.credentials().username());
            char[] pw = e.password();
            b.password(pw);
            Arrays.fill(pw, '\0');
        }
        IpmiConfig config = b.build();
        if (uri.toLowerCase(Locale.ROOT).startsWith("sol:")) {
            return () -> Opened.serial(SolConsole.connect(config, event -> e.log().warn(e.target() + ": " + event)));
        }
        return () -> {
            IpmiChassis chassis = IpmiChassis.connect(config);
            return new Opened(null, chassis, chassis, null, chassis.facts().vendor(), chassis.facts().model(),
                    chassis.describe(), chassis);
        };
    }
}
