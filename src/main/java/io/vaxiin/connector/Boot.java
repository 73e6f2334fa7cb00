package io.vaxiin.connector;

import java.time.Duration;

/** The boot-source override of a server (what it boots from next). */
public interface Boot extends AutoCloseable {

    /** What a script asks for with {@code boot 'pxe'|'disk'|'cd'|'bios'}. */
    enum Device { PXE, DISK, CD, BIOS, NONE }

    /**
     * The override as the BMC reports it.
     *
     * @param device  the target, {@code NONE} when there is no override
     * @param once    true when it applies to the next boot only
     */
    record Setting(Device device, boolean once) {}

    /** Reads the override from the BMC now. */
    Setting current();

    /**
     * Sets the override and verifies it by reading it back.
     *
     * @throws ConnectorException of kind {@code NOT_VERIFIED} when the read-back differs after
     *                            {@code verifyTimeout}; {@code REFUSED} when the BMC does not offer the device
     */
    void boot(Device device, boolean once, Duration verifyTimeout);

    /** Where this BMC is, for messages; never contains a secret. */
    String describe();

    @Override
    void close();
}
