package io.vaxiin.inventory;

/** The inventory file is wrong: names the file, the line and the key (exit code 2). */
public final class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
