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

    private Secret(String reference) {
        this.reference = reference;
    }

    /**
     * @throws IllegalArgumentException when {@code reference} is not {@code env:NAME} or {@code file:PATH}
     */
    public static Secret of(String reference) {
        if (reference == null || !(reference.startsWith("env:") && reference.length() > 4
                || reference.startsWith("file:") && reference.length() > 5)) {
            throw new IllegalArgumentException("a password is written env:NAME or file:PATH, never as the password itself");
        }
        return new Secret(reference);
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
            if (value == null) throw new InventoryException("the environment variable " + name + " (a password) is not set");
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
            throw new InventoryException("the password file " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InventoryException("the password file " + file + " cannot be read by this user (permission denied)");
        } catch (IOException e) {
            throw new InventoryException("cannot read the password file " + file
                    + (Files.isDirectory(file) ? ": it is a folder" : ": " + e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public String toString() {
        return "secret(" + reference + ")";
    }
}
