package io.vaxiin.target;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Power;
import io.vaxiin.connector.ipmi.IpmiChassis;
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
import io.vaxiin.sandbox.redfish.Pose;
import io.vaxiin.vendor.VendorProfile;
import io.vaxiin.vendor.VendorProfileException;
import io.vaxiin.vendor.VendorProfiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The built-in sandbox as a target: started in this process, and connected to like a real server:
 * its console over RFB, power and boot over Redfish, its serial console over IPMI serial-over-LAN.
 * Posing as a vendor ({@code --vendor PROFILE}, or {@code sandbox:SCENARIO?vendor=PROFILE}), its
 * BMC answers as that vendor's; posing as a BMC without Redfish ({@code generic-ipmi}), power and
 * boot go over IPMI.
 */
final class SandboxTarget {

    private SandboxTarget() {}

    /**
     * @param spec   what follows {@code sandbox:}: a scenario, optionally {@code ?vendor=PROFILE}
     * @param vendor {@code --vendor PROFILE}, or null
     */
    static Target open(String spec, String vendor, Targets.Context context) {
        String scenarioName = spec;
        java.time.Duration relapse = null;
        int q = spec.indexOf('?');
        if (q >= 0) {
            scenarioName = spec.substring(0, q);
            for (String pair : spec.substring(q + 1).split("&")) {
                if (pair.startsWith("vendor=") && pair.length() > 7) {
                    if (vendor != null && !vendor.equals(pair.substring(7))) {
                        throw new TargetException("sandbox:" + spec + " names the vendor " + pair.substring(7) + ", --vendor " + vendor
                                + ": give one");
                    }
                    vendor = pair.substring(7);
                } else if (pair.startsWith("relapse=")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(pair.substring(8));
                    if (!m.matches()) {
                        throw new TargetException("sandbox:" + spec + ": relapse takes a duration (relapse=30s, 500ms, 5m), not '"
                                + pair.substring(8) + "'");
                    }
                    long n = Long.parseLong(m.group(1));
                    relapse = m.group(2).equals("ms") ? java.time.Duration.ofMillis(n)
                            : m.group(2).equals("s") ? java.time.Duration.ofSeconds(n) : java.time.Duration.ofMinutes(n);
                } else {
                    throw new TargetException("sandbox:" + spec + ": '" + pair + "' is not a sandbox setting"
                            + " (sandbox:SCENARIO?vendor=PROFILE&relapse=DURATION)");
                }
            }
        }
        String name = scenarioName;
        Scenario scenario = Scenario.byId(name).orElseThrow(() -> new TargetException(
                "no sandbox scenario '" + name + "' (scenarios: " + Scenario.names() + ")"));
        VendorProfile profile = vendor == null ? null : profile(vendor, context);
        Pose pose = profile == null ? Pose.sandbox() : Pose.of(profile);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Sandbox sandbox = Sandbox.start(scenario, 1.0, context.log()::step, line -> { }, pose);
            resources.add(sandbox);
            if (relapse != null) sandbox.machine().relapse(relapse.toMillis());
            context.log().step("sandbox '" + scenario.id() + "' started" + (profile == null ? "" : " posing as " + profile.name()
                    + " (" + profile.title() + ")") + ": console " + sandbox.consoleUri() + ", power "
                    + (pose.redfish() ? sandbox.powerUri() : sandbox.ipmiUri()) + ", serial " + sandbox.solUri());
            char[] password = sandbox.password();
            context.secrets().add(password);
            try {
                RfbConsole console = RfbConsole.connect(RfbConfig.fromUri(sandbox.consoleUri())
                        .listener(e -> context.log().warn(e.message())).build());
                resources.add(0, console);
                Power power;
                Boot boot;
                ServerFacts facts;
                if (pose.redfish()) {
                    RedfishClient bmc = RedfishClient.connect(RedfishConfig.builder().uri(sandbox.powerUri())
                            .credentials(Sandbox.USER, password).build());
                    resources.add(0, bmc);
                    power = bmc;
                    boot = bmc;
                    RedfishFacts f = bmc.facts();
                    facts = new ServerFacts("sandbox", profile == null ? "qemu" : f.vendor(), f.model());
                } else {
                    IpmiChassis bmc = IpmiChassis.connect(IpmiConfig.fromUri(sandbox.ipmiUri()).username(Sandbox.USER)
                            .password(password).build());
                    resources.add(0, bmc);
                    power = bmc;
                    boot = bmc;
                    facts = new ServerFacts("sandbox", bmc.facts().vendor(), bmc.facts().model());
                }
                SolConsole serial = SolConsole.connect(IpmiConfig.fromUri(sandbox.solUri()).username(Sandbox.USER).password(password).build(),
                        event -> context.log().warn("sandbox: " + event));
                resources.add(0, serial);
                return new Target("sandbox", console, power, boot, serial, facts,
                        Map.of("webhook", sandbox.webhookUrl()), "the sandbox (scenario " + scenario.id()
                        + (profile == null ? "" : ", posing as " + profile.name()) + ")", resources);
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

    private static VendorProfile profile(String name, Targets.Context context) {
        VendorProfiles profiles;
        try {
            profiles = VendorProfiles.load(context.vendors());
        } catch (VendorProfileException e) {
            throw new TargetException(e.getMessage());
        }
        return profiles.named(name).orElseThrow(() -> new TargetException("no vendor profile '" + name + "' in " + context.vendors()
                + " (profiles: " + String.join(", ", profiles.all().stream().map(VendorProfile::name).toList()) + ")"));
    }
}
