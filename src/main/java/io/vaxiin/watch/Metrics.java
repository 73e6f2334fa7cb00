package io.vaxiin.watch;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Watch mode's metrics, with the official Prometheus client, named by Prometheus's conventions
 * (base units, {@code _total} counters) and labelled by script, outcome, state, kind and protocol:
 * never by server, so a fleet of 100,000 is still a handful of series.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter recoveries = Counter.builder().name("vaxiin_recoveries_total")
            .help("Recoveries that ended, by script and outcome (recovered, failed, script_error, ...)")
            .labelNames("script", "outcome").register(registry);
    private final Histogram recoveryTime = Histogram.builder().name("vaxiin_recovery_duration_seconds")
            .help("How long a recovery took, from its start to its end, by script")
            .classicOnly().classicUpperBounds(5, 15, 30, 60, 120, 300, 600, 1200, 1800)
            .labelNames("script").register(registry);
    private final Gauge servers = Gauge.builder().name("vaxiin_servers")
            .help("Servers by where they stand after their last look (healthy, recovering, recovered, needs_person, flapping, unreachable)")
            .labelNames("state").register(registry);
    private final Counter actions = Counter.builder().name("vaxiin_actions_total")
            .help("Actions recoveries took on servers, by kind (type, press, power, boot)")
            .labelNames("kind").register(registry);
    private final Counter connectorErrors = Counter.builder().name("vaxiin_connector_errors_total")
            .help("Servers that could not be reached or dropped, by protocol (VNC, Redfish, IPMI, ...) and kind (unreachable, refused, ...)")
            .labelNames("protocol", "kind").register(registry);
    private final Counter looks = Counter.builder().name("vaxiin_looks_total")
            .help("Looks at a server's consoles (rate() of it: looks per second)").register(registry);

    void recoveryEnded(String script, String outcome, double seconds) {
        recoveries.labelValues(script, outcome).inc();
        recoveryTime.labelValues(script).observe(seconds);
    }

    void looked() { looks.inc(); }

    /** An action of a recovery's log line ("type 'y'", "power cycle (IPMI at …)", "boot disk once …"), if it is one. */
    void step(String line) {
        for (String kind : new String[]{"type", "press", "power", "boot"}) {
            if (line.startsWith(kind + " ") && !line.contains(": verified")) {
                actions.labelValues(kind).inc();
                return;
            }
        }
    }

    void connectorError(String protocol, String kind) {
        connectorErrors.labelValues(protocol, kind).inc();
    }

    /** Sets the count of servers in each state. */
    void states(Map<String, Integer> counts) {
        counts.forEach((state, n) -> servers.labelValues(state).set(n));
    }

    /** Writes every metric in Prometheus's text format. */
    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    /** The content type of {@link #write}. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
