package io.vaxiin.connector.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Accepts the BMC's host key only when it is pinned ({@code ?hostKey=SHA256:…}) or listed for the
 * host in a known-hosts file, OpenSSH's format: host patterns with {@code *}, {@code ?} and
 * {@code !}, {@code [host]:port} for other ports than 22, hashed names ({@code |1|salt|hash}),
 * {@code @revoked} keys; {@code @cert-authority} lines are not used. An unknown or changed key is
 * refused and never written anywhere; {@link #refusal()} then says, in one line, what was offered
 * and how to pin it. The file is read anew at each login.
 */
final class HostKeyCheck implements ServerKeyVerifier {

    private final SshSerialConfig config;
    private volatile String refusal;

    HostKeyCheck(SshSerialConfig config) {
        this.config = config;
    }

    /** One known-hosts line that names this host. */
    private record Listed(int line, String type, String fingerprint, boolean revoked) { }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        String type = KeyUtils.getKeyType(key);
        String offered = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        String verdict = verdict(type, offered);
        refusal = verdict;
        return verdict == null;
    }

    /** Why the last key was refused, one line; null when it was accepted (or none was offered yet). */
    String refusal() {
        return refusal;
    }

    /** Forgets the last verdict, before a new login. */
    void reset() {
        refusal = null;
    }

    /** The key types the known-hosts file lists for this host, so the key exchange can ask for one of them first. */
    Set<String> knownTypes() {
        Set<String> types = new LinkedHashSet<>();
        if (!config.hostKeyPins().isEmpty()) return types;
        try {
            for (Listed l : listed()) {
                if (!l.revoked()) types.add(l.type());
            }
        } catch (IOException e) {
            // the login reports the unreadable file
        }
        return types;
    }

    private String verdict(String type, String offered) {
        String pinIt = "pin it with ?hostKey=" + offered;
        String what = "the BMC offered the " + type + " key " + offered;
        if (!config.hostKeyPins().isEmpty()) {
            if (config.hostKeyPins().contains(offered)) return null;
            return "host key not the pinned one: " + what + ", not " + String.join(" or ", config.hostKeyPins())
                    + "; if the BMC's key really changed, " + pinIt;
        }
        Path file = config.knownHosts();
        List<Listed> listed;
        try {
            listed = listed();
        } catch (NoSuchFileException e) {
            return "unknown host key: " + what + " and there is no " + file + "; check the key and " + pinIt
                    + " (or ?knownHosts=FILE)";
        } catch (IOException e) {
            return "unknown host key: " + what + " and " + file + " cannot be read (" + e.getClass().getSimpleName() + "); " + pinIt;
        }
        for (Listed l : listed) {
            if (l.revoked() && l.fingerprint().equals(offered)) {
                return "host key revoked: " + what + ", which " + file + " (line " + l.line() + ") marks @revoked";
            }
        }
        for (Listed l : listed) {
            if (!l.revoked() && l.fingerprint().equals(offered)) return null;
        }
        List<Listed> sameType = listed.stream().filter(l -> !l.revoked() && l.type().equals(type)).toList();
        if (!sameType.isEmpty()) {
            return "host key CHANGED: " + what + ", but " + file + " (line " + sameType.get(0).line() + ") lists another "
                    + type + " key for " + name() + "; if the BMC was really re-keyed, " + pinIt + " or update "
                    + file + " (ssh-keygen -R '" + name() + "' -f " + file + ")";
        }
        return "unknown host key: " + what + ", which " + file + " does not list for " + name() + "; check it (ssh-keyscan"
                + (config.port() == 22 ? "" : " -p " + config.port()) + " " + config.host() + " | ssh-keygen -lf -) and " + pinIt;
    }

    /** The name known-hosts files give this host: "10.0.0.5", or "[10.0.0.5]:2200" on another port than 22. */
    private String name() {
        return config.port() == 22 ? config.host() : "[" + config.host() + "]:" + config.port();
    }

    private List<Listed> listed() throws IOException {
        List<Listed> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(config.knownHosts(), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            boolean revoked = false;
            int at = 0;
            if (f[0].startsWith("@")) {
                if (!f[0].equals("@revoked")) continue; // @cert-authority: certificates are not used
                revoked = true;
                at = 1;
            }
            if (f.length < at + 3 || !matches(f[at])) continue;
            String fingerprint = fingerprint(f[at + 2]);
            if (fingerprint != null) found.add(new Listed(i + 1, f[at + 1], fingerprint, revoked));
        }
        return found;
    }

    /** True when the comma-separated patterns name this host and no negated one excludes it. */
    private boolean matches(String patterns) {
        String name = name();
        if (patterns.startsWith("|1|")) return hashedMatch(patterns, name);
        boolean any = false;
        for (String p : patterns.split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            if (glob(pattern).matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                if (negated) return false;
                any = true;
            }
        }
        return any;
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static boolean hashedMatch(String field, String name) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** "SHA256:…" of a key blob in base64, as ssh-keygen -l prints it; null when it is not base64. */
    private static String fingerprint(String base64) {
        try {
            byte[] blob = Base64.getDecoder().decode(base64);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }
}
