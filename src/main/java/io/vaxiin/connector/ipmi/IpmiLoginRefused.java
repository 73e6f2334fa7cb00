package io.vaxiin.connector.ipmi;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.FoundBeforeLogin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The BMC refused the session, after answering Get Channel Authentication Capabilities, which needs none. */
public final class IpmiLoginRefused extends ConnectorException implements FoundBeforeLogin {
    private final Map<String, String> found;

    IpmiLoginRefused(ConnectorException refused, Map<String, String> found) {
        super(refused.kind(), refused.endpoint(), refused.protocol(), refused.phase(), refused.getMessage(), refused);
        this.found = Collections.unmodifiableMap(new LinkedHashMap<>(found));
    }

    @Override
    public Map<String, String> foundBeforeLogin() {
        return found;
    }
}
