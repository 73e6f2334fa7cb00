package io.vaxiin.target;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.Serial;

/**
 * A connector that connected, with the parts of a target it fills (the others null) and what it
 * learned about the server.
 *
 * @param vendor   the vendor it read from the BMC, or null
 * @param model    the model it read, or null
 * @param describe where it is, "IPMI at 10.0.0.9:623"; never a secret
 * @param resource what to close when the target closes
 */
record Opened(Console console, Power power, Boot boot, Serial serial, String vendor, String model, String describe,
              AutoCloseable resource) {

    static Opened console(Console c) {
        return new Opened(c, null, null, null, null, null, c.describe(), c);
    }

    static Opened serial(Serial s) {
        return new Opened(null, null, null, s, null, null, s.describe(), s);
    }
}
