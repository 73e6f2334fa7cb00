package io.vaxiin.inventory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vaxiin.fuzz.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link Inventory#load(Path)} on a file whose text the fuzzer chose. Seeds under
 * {@code InventoryFuzzTestInputs/load} are the inventory examples of README.md and the specs.
 * A finding is any exception but {@link InventoryException}, a message naming a Java class or
 * holding a stack trace, or a hang.
 */
class InventoryFuzzTest {

    private static final Path FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("inventory-fuzz");
            dir.toFile().deleteOnExit();
            FILE = dir.resolve("inventory.yaml");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "6s")
    void load(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            Inventory inventory = Inventory.load(FILE);
            for (Inventory.Server s : inventory.servers().values()) {
                Oracle.checkMessage("x " + s, input);
            }
        } catch (InventoryException e) {
            Oracle.checkMessage(e.getMessage(), input);
        }
    }
}
