package io.vaxiin.connector.redfish;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.FoundBeforeLogin;

import java.util.Map;

/**
 * The BMC refused the login (or none was given), but its service root answered without one: what
 * that root says (vendor, product, Redfish version, UUID) is kept, so {@code discover} can show
 * what was found before the login and say why the rest was not.
 */
public final class RedfishLoginRefused extends ConnectorException implements FoundBeforeLogin {
    private final Map<String, String> serviceRoot;

    RedfishLoginRefused(ConnectorException refused, Map<String, String> serviceRoot) {
        super(refused.kind(), refused.endpoint(), refused.protocol(), refused.phase(), refused.getMessage(), refused);
        this.serviceRoot = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(serviceRoot));
    }

    /** What the service root said without a login: vendor, product, redfishVersion, uuid (absent keys left out). */
    @Override
    public Map<String, String> foundBeforeLogin() {
        return serviceRoot;
    }
}
