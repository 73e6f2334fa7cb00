package io.vaxiin.target;

import io.vaxiin.connector.ipmi.IpmiConfig;
import io.vaxiin.connector.ipmi.SolConsole;
import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.connector.redfish.RedfishConfig;
import io.vaxiin.connector.redfish.RedfishFacts;
import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.sandbox.Sandbox;
import io.vaxiin.sandbox.Scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The built-in sandbox as a target: started in this process, and connected to like a real server:
 * its console over RFB, power and boot over Redfish, its serial console over IPMI serial-over-LAN.
 */
final class SandboxTarget {

    private SandboxTarget() {}

    static Target open(String scenarioName, Targets.Context context) {
        Scenario scenario = Scenario.byId(scenarioName).orElseThrow(() -> new TargetException(
                "no sandbox scenario '" + scenarioName + "' (scenarios: " + Scenario.names() + ")"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Sandbox sandbox = Sandbox.start(scenario, 1.0, context.log()::step, line -> { });
            resources.add(sandbox);
            context.log().step("sandbox '" + scenario.id() + "' started: console " + sandbox.consoleUri() + ", power " + sandbox.powerUri()
                    + ", serial " + sandbox.solUri());
            char[] password = sandbox.password();
            context.secrets().add(password);
            try {
                RfbConsole console = RfbConsole.connect(RfbConfig.fromUri(sandbox.consoleUri())
                        .listener(e -> context.log().warn(e.message())).build());
                resources.add(0, console);
                RedfishClient bmc = RedfishClient.connect(RedfishConfig.builder().uri(sandbox.powerUri())
                        .credentials(Sandbox.USER, password).build());
                resources.add(0, bmc);
                SolConsole serial = SolConsole.connect(IpmiConfig.fromUri(sandbox.solUri()).username(Sandbox.USER).password(password).build(),
                        event -> context.log().warn("sandbox: " + event));
                resources.add(0, serial);
                RedfishFacts facts = bmc.facts();
                return new Target("sandbox", console, bmc, bmc, serial, new ServerFacts("sandbox", "qemu", facts.model()),
                        Map.of("webhook", sandbox.webhookUrl()), "the sandbox (scenario " + scenario.id() + ")", resources);
            } finally {
                Arrays.fill(password, '\0');
            }
        } catch (IOException e) {
            Target.closeAll(resources);
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Target.closeAll(resources);
            throw e;
        }
    }
}
