package io.vaxiin.repl;

import org.jline.reader.LineReader;
import org.jline.reader.impl.history.DefaultHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REPL's history ({@code ~/.vaxiin/history}), which never holds a secret: a line in which
 * the REPL's redactor finds a secret is not kept at all, and the password of a URI
 * ({@code :connect ipmi://admin:pw@bmc}) is kept as {@code ***}; {@code env:NAME} and
 * {@code file:PATH} references, which are not secrets, stay. The file is readable by its owner
 * only (0600), and a folder it needs is created for the owner only (0700).
 *
 * <p>JLine finds the history file in the reader's {@code LineReader.HISTORY_FILE} variable;
 * {@link #attach} sets it to the file given here.
 */
public final class ReplHistory extends DefaultHistory {

    /** What a masked password reads as. */
    public static final String MASK = "***";

    private static final Pattern URI_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s:@/'\"]*):([^\\s'\"]*)@");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final Predicate<String> holdsSecret;

    /**
     * A history kept in {@code file}, which is created now (owner-only) when it does not exist.
     *
     * @param holdsSecret true for a line that holds a secret (the REPL's {@code Redactor::holds})
     * @throws UncheckedIOException when the file cannot be created or made owner-only: the REPL
     *                              may go on without a history file
     */
    public ReplHistory(Path file, Predicate<String> holdsSecret) {
        this.file = file.toAbsolutePath();
        this.holdsSecret = Objects.requireNonNull(holdsSecret);
        try {
            secure(this.file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the REPL's history in " + this.file + ": " + e.getMessage(), e);
        }
    }

    /** The file this history is kept in. */
    public Path file() {
        return file;
    }

    /** The line as the history keeps it: each URI's password replaced by {@link #MASK}, unless it is an env: or file: reference. */
    public static String mask(String line) {
        Matcher m = URI_PASSWORD.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String password = m.group(2);
            boolean reference = password.startsWith("env:") || password.startsWith("file:") || password.isEmpty();
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + ":" + (reference ? password : MASK) + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Attaches to a reader, pointing it at this history's file, and loads the file. */
    @Override
    public void attach(LineReader reader) {
        reader.setVariable(LineReader.HISTORY_FILE, file);
        super.attach(reader);
    }

    /** Adds a line, masked; a line that holds a secret is not added. */
    @Override
    public void add(Instant time, String line) {
        if (holdsSecret.test(line)) return;
        super.add(time, mask(line));
    }

    // also what loading the file goes through: a secret written by an older version is not read back
    @Override
    protected void internalAdd(Instant time, String line, boolean checkDuplicates) {
        if (holdsSecret.test(line)) return;
        super.internalAdd(time, mask(line), checkDuplicates);
    }

    @Override
    public void save() throws IOException {
        secure(file);
        super.save();
    }

    @Override
    public void append(Path path, boolean incremental) throws IOException {
        secure(path != null ? path : file);
        super.append(path, incremental);
    }

    /** Rewrites the file; DefaultHistory's own write deletes it and creates it again with the default mode. */
    @Override
    public void write(Path path, boolean incremental) throws IOException {
        Path target = path != null ? path : file;
        Files.deleteIfExists(target);
        secure(target);
        super.append(target, incremental);
    }

    /**
     * Creates {@code path} (and the folders it needs) for its owner only, or makes an existing
     * file owner-only; before DefaultHistory writes, since it would create the file with the
     * default mode (0644 under the usual umask).
     */
    private static void secure(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        try {
            createFolders(p.getParent());
            try {
                Files.createFile(p, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(p, OWNER_FILE);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }

    private static void createFolders(Path folder) throws IOException {
        if (folder == null || Files.isDirectory(folder)) return;
        createFolders(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by someone else: leave its mode alone
        }
    }
}
