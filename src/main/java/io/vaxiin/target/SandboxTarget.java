package io.vaxiin.target;

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

/** The built-in sandbox as a target: started in this process, and connected to like a real server. */
final class SandboxTarget {

    private SandboxTarget() {}

    static Target open(String scenarioName, Targets.Context context) {
        Scenario scenario = Scenario.byId(scenarioName).orElseThrow(() -> new TargetException(
                "no sandbox scenario '" + scenarioName + "' (scenarios: " + Scenario.names() + ")"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Sandbox sandbox = Sandbox.start(scenario, 1.0, context.log()::step);
            resources.add(sandbox);
            context.log().step("sandbox '" + scenario.id() + "' started: console " + sandbox.consoleUri() + ", power " + sandbox.powerUri());
            char[] password = sandbox.password();
            context.secrets().add(password);
            RfbConsole console = RfbConsole.connect(RfbConfig.fromUri(sandbox.consoleUri())
                    .listener(e -> context.log().warn(e.message())).build());
            resources.add(0, console);
            RedfishClient bmc = RedfishClient.connect(RedfishConfig.builder().uri(sandbox.powerUri())
                    .credentials(Sandbox.USER, password).build());
            Arrays.fill(password, '\0');
            resources.add(0, bmc);
            RedfishFacts facts = bmc.facts();
            return new Target("sandbox", console, bmc, bmc, null, new ServerFacts("sandbox", "qemu", facts.model()),
                    Map.of("webhook", sandbox.webhookUrl()), "the sandbox (scenario " + scenario.id() + ")", resources);
        } catch (IOException e) {
            Target.closeAll(resources);
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Target.closeAll(resources);
            throw e;
        }
    }
}
