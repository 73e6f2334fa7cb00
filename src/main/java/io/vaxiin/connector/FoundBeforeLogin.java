package io.vaxiin.connector;

import java.util.Map;

/**
 * A connect failure of a BMC that answered something before it refused the login (Redfish's
 * service root, IPMI's channel authentication capabilities): what it said, so {@code discover}
 * can show what was found and why the rest was not.
 */
public interface FoundBeforeLogin {
    /** What the BMC told before the login, in the order it was read; empty when it told nothing. */
    Map<String, String> foundBeforeLogin();
}
