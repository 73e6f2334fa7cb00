package io.vaxiin.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A password as the inventory refers to it: {@code env:NAME} or {@code file:PATH}. The value is
 * read only when a connector needs it, kept as {@code char[]}, and never part of a
 * {@code toString}, a message or a log line: only where it comes from is ever shown.
 */
public final class Secret {

    private final String reference;
    /** Where it is written ("inventory.yaml:3: credentials 'lab' password"), for messages, or null. */
    private final String where;

    private Secret(String reference, String where) {
        this.reference = reference;
        this.where = where;
    }

    /**
     * @throws IllegalArgumentException when {@code reference} is not {@code env:NAME} or {@code file:PATH}
     */
    public static Secret of(String reference) {
        return of(reference, null);
    }

    /**
     * A secret written at {@code where} ("inventory.yaml:3: credentials 'lab' password"), which
     * every message about reading it starts with.
     *
     * @throws IllegalArgumentException when {@code reference} is not {@code env:NAME} or {@code file:PATH}
     */
    public static Secret of(String reference, String where) {
        if (reference == null || !(reference.startsWith("env:") && reference.length() > 4
                || reference.startsWith("file:") && reference.length() > 5)) {
            throw new IllegalArgumentException("a password is written env:NAME or file:PATH, never as the password itself");
        }
        return new Secret(reference, where);
    }

    /**
     * Why the secret is exposed where it is kept (a password file that every user of the machine
     * can read), or null. Looks at the file's permissions only, never at its content.
     */
    public String exposure() {
        if (!reference.startsWith("file:")) return null;
        Path file = Path.of(reference.substring(5));
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                return "the password file " + file + " can be read by every user of this machine (chmod 600 " + file + ")";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null; // not there yet, or not a POSIX file system: reading it will say what is wrong
        }
        return null;
    }

    /** Where it comes from: "env:LAB_BMC_PASSWORD", "file:/run/secrets/idrac". */
    public String reference() {
        return reference;
    }

    /**
     * Reads the value now; the caller should clear the array when done with it.
     *
     * @throws InventoryException naming the variable or file (never the value) when it cannot be read
     */
    public char[] read() {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = System.getenv(name);
            if (value == null) throw new InventoryException(at() + "the environment variable " + name + " (a password) is not set");
            return value.toCharArray();
        }
        Path file = Path.of(reference.substring(5));
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) end--;
            char[] chars = new String(bytes, 0, end, StandardCharsets.UTF_8).toCharArray();
            Arrays.fill(bytes, (byte) 0);
            return chars;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InventoryException(at() + "the password file " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InventoryException(at() + "the password file " + file + " cannot be read by this user (permission denied)");
        } catch (IOException e) {
            throw new InventoryException(at() + "cannot read the password file " + file
                    + (Files.isDirectory(file) ? ": it is a folder" : ": " + e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private String at() {
        return where == null ? "" : where + ": ";
    }

    @Override
    public String toString() {
        return "secret(" + reference + ")";
    }
}
