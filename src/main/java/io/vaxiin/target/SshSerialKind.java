package io.vaxiin.target;

import io.vaxiin.connector.ssh.SshSerial;
import io.vaxiin.connector.ssh.SshSerialConfig;

import java.util.Arrays;
import java.util.Map;

/**
 * A BMC's serial console through its SSH command line (iDRAC {@code connect com2}, iLO {@code vsp},
 * XCC {@code console 1}, OpenBMC's port 2200): {@code ssh://USER@HOST[:PORT][?cli=…&knownHosts=…&hostKey=…]}.
 */
final class SshSerialKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return Map.of("ssh", Role.SERIAL);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        SshSerialConfig.Builder b = SshSerialConfig.fromUri(uri);
        if (e.credentials() != null && !b.hasPassword()) {
            if (!b.hasUsername()) b.username(e.credentials().username());
            char[] pw = e.password();
            b.password(pw);
            Arrays.fill(pw, '\0');
        }
        if (!b.hasHostKeySetting()) {
            if (e.knownHosts() != null) b.knownHosts(SshSerialConfig.path(e.knownHosts()));
            e.sshHostKeys().forEach(b::pinHostKey);
        }
        b.connectTimeout(e.connectDeadline()).listener(event -> e.log().warn(e.target() + ": " + event.message()));
        SshSerialConfig config = b.build();
        return () -> Opened.serial(SshSerial.connect(config));
    }
}
