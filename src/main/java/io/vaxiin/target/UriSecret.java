package io.vaxiin.target;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.inventory.InventoryException;
import io.vaxiin.inventory.Secret;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords of direct URIs, which must not be on the command line (every user of the machine
 * reads it in {@code ps}): {@code vnc://:env:VNC_PASSWORD@host}, {@code redfish://admin:file:/run/secrets/bmc@host}
 * take the password from an environment variable or a file, as the inventory does. A password
 * written into the URI still works, with a warning that says how not to.
 */
public final class UriSecret {

    private static final Pattern WITH_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^:@/]*):(.*)@([^@]*)$");

    private UriSecret() {}

    /**
     * The value an {@code env:NAME} or {@code file:PATH} reference holds, remembered as a secret
     * before anything could print it.
     *
     * @param where what a failure names ("--console vnc://***@host", "run: --param password")
     * @throws TargetException when the variable is not set or the file cannot be read
     */
    public static String reveal(String reference, Redactor secrets, String where) {
        char[] value;
        try {
            value = Secret.of(reference).read();
        } catch (IllegalArgumentException | InventoryException e) {
            throw new TargetException(where + ": " + e.getMessage());
        }
        String plain = new String(value);
        java.util.Arrays.fill(value, '\0');
        secrets.add(plain);
        return plain;
    }

    /**
     * The URI with its {@code env:}/{@code file:} password replaced by the value (kept in memory
     * only, and remembered as a secret); a URI with no password as given.
     */
    public static String resolve(String option, String uri, Redactor secrets, PrintStream warnings) {
        if (uri == null) return null;
        Matcher m = WITH_PASSWORD.matcher(uri);
        if (!m.matches() || m.group(3).isEmpty()) return uri;
        String password = m.group(3);
        if (password.startsWith("env:") || password.startsWith("file:")) {
            String plain = reveal(password, secrets, option + " " + Targets.redact(uri));
            String encoded = URLEncoder.encode(plain, StandardCharsets.UTF_8).replace("+", "%20");
            secrets.add(encoded);
            return m.group(1) + m.group(2) + ":" + encoded + "@" + m.group(4);
        }
        secrets.add(java.net.URLDecoder.decode(password, StandardCharsets.UTF_8));
        secrets.add(password);
        warnings.println("vaxiin: warning: the password in " + option + " is on the command line, where every user of"
                + " this machine can read it (ps); write it as " + m.group(1) + m.group(2) + ":env:NAME@… or "
                + ":file:PATH@… (the variable or file holds it), or use an inventory");
        return uri;
    }
}
