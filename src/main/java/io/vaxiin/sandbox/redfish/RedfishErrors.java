package io.vaxiin.sandbox.redfish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error bodies as a kind of BMC writes them. The message ids and texts are the DMTF Base
 * registry's; the layout around them is the vendor's, as its real error bodies in
 * {@code shared/fixtures/redfish/_errors/} show it.
 */
final class RedfishErrors {

    private static final String REGISTRY = "Base.1.8.1.";

    private final Pose.ErrorStyle style;

    RedfishErrors(Pose.ErrorStyle style) {
        this.style = style;
    }

    /** {@code {"error": {...}}} for a Base message id ("PropertyNotWritable"), its text and arguments. */
    Map<String, Object> body(String messageId, String text, List<String> args) {
        Map<String, Object> e = new LinkedHashMap<>();
        switch (style) {
            case DELL -> {
                // _errors/dell-idrac9--LC068-pending-config.json: the messages first, Severity not
                // MessageSeverity, MessageArgs and RelatedProperties with their counts; code and
                // message as the general error (_errors/dell-idrac--InternalError-license-uri.json).
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Message", text);
                m.put("MessageArgs", args);
                m.put("MessageArgs@odata.count", args.size());
                m.put("MessageId", "Base.1.12." + messageId);
                String property = messageId.startsWith("Property") && !args.isEmpty() ? args.get(args.size() - 1) : null;
                List<String> related = property == null ? List.of()
                        : List.of("#/" + (property.startsWith("BootSource") ? "Boot/" : "") + property);
                m.put("RelatedProperties", related);
                m.put("RelatedProperties@odata.count", related.size());
                m.put("Resolution", "Remove the property from the request body and resubmit the request if the operation failed.");
                m.put("Severity", "Warning");
                e.put("@Message.ExtendedInfo", List.of(m));
                e.put("code", "Base.1.12.GeneralError");
                e.put("message", "A general error has occurred. See ExtendedInfo for more information");
            }
            case HPE -> {
                // _errors/hpe-ilo5--ResourceMissingAtURI.json: only the id and its arguments, no text.
                e.put("code", "iLO.0.10.ExtendedInfo");
                e.put("message", "See @Message.ExtendedInfo for more information.");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("MessageArgs", args);
                m.put("MessageId", "Base.1.18." + messageId);
                e.put("@Message.ExtendedInfo", List.of(m));
            }
            case BASE -> {
                e.put("code", REGISTRY + messageId);
                e.put("message", text);
                e.put("@Message.ExtendedInfo", List.of(message(messageId, text, "Critical")));
            }
        }
        return Map.of("error", e);
    }

    static Map<String, Object> message(String id, String text, String severity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@odata.type", "#Message.v1_1_1.Message");
        m.put("MessageId", REGISTRY + id);
        m.put("Message", text);
        m.put("MessageSeverity", severity);
        m.put("Resolution", "None.");
        return m;
    }
}
