package io.vaxiin.target;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.inventory.Inventory;

import java.time.Duration;

/**
 * What a connector kind needs besides its URI to connect for one target.
 *
 * @param target          the target's name, for messages
 * @param credentials     the inventory's credentials for it, or null (direct URIs carry their own)
 * @param tlsPin          the pinned certificate's SHA-256 from the inventory, or null
 * @param knownHosts      the known-hosts file an SSH console's host key is checked against, from the inventory, or null
 * @param sshHostKeys     the SSH host keys pinned in the inventory ({@code SHA256:…}), or none
 * @param log             where connection events go
 * @param secrets         every secret read is added here before anything could print it
 * @param connectDeadline the longest connecting may take
 * @param viewer          the viewer profile a web-viewer console is driven with (a name or a file), or null
 * @param viewers         the shipped viewer profiles' folder ({@code lib/viewers})
 * @param evidence        the run folder a connector's failure leaves its evidence in (a screenshot), or null
 */
record Endpoint(String target, Inventory.Credentials credentials, String tlsPin, String knownHosts, java.util.List<String> sshHostKeys,
                RunLog log, Redactor secrets, Duration connectDeadline, boolean withoutLogin, String viewer, java.nio.file.Path viewers,
                java.nio.file.Path evidence) {

    /** The password of the inventory's credentials, remembered as a secret; the caller clears the array. */
    char[] password() {
        char[] pw = credentials.password().read();
        secrets.add(pw);
        return pw;
    }
}
