package io.vaxiin.connector;

import java.time.Duration;
import java.util.Set;

/** Power control of a server, as a BMC offers it (Redfish, IPMI). */
public interface Power extends AutoCloseable {

    /** What a script asks for with {@code power 'on'|'off'|'cycle'|'reset'|'soft'}. */
    enum Action { ON, OFF, CYCLE, RESET, SOFT }

    /** What the BMC reports. */
    enum State { ON, OFF, UNKNOWN }

    /** Reads the power state from the BMC now. */
    State state();

    /** The actions this BMC can do, directly or composed (cycle as off then on). */
    Set<Action> supported();

    /**
     * Does the action and verifies it by reading the state back until it follows or
     * {@code verifyTimeout} passes.
     *
     * @throws ConnectorException of kind {@code NOT_VERIFIED} when the BMC accepted the action but the
     *                            state did not follow; {@code REFUSED} when the BMC does not allow it
     */
    void power(Action action, Duration verifyTimeout);

    /** Where this BMC is, for messages; never contains a secret. */
    String describe();

    @Override
    void close();
}
