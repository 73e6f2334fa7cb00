package io.vaxiin.cli;

import io.vaxiin.dsl.RunLog;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetException;
import io.vaxiin.target.TargetRequest;
import io.vaxiin.target.Targets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The target options of the commands that talk to a server, read into a {@link TargetRequest}. */
final class TargetOptions {

    /** The target options every command that talks to a server takes. */
    static final Set<String> OPTIONS = Set.of("--target", "--inventory", "--console", "--power", "--serial", "--scenario",
            "--vendor", "--viewer");

    private TargetOptions() {}

    static TargetRequest request(Args args) {
        String inventory = args.option("--inventory");
        return new TargetRequest(args.option("--target"), inventory == null ? null : Path.of(inventory), args.option("--console"),
                args.option("--power"), args.option("--serial"), args.option("--scenario"), args.option("--vendor"),
                args.option("--viewer"));
    }

    /** The vendor profiles' folder: Vaxiin's {@code lib/vendors}. */
    static Path vendors(Cli cli) {
        return cli.home().resolve("lib").resolve("vendors");
    }

    /**
     * Opens the target the options name.
     *
     * @throws UsageException for wrong options, URIs or inventory entries (exit 2)
     */
    static Target open(Args args, String scenarioHint, RunLog log, Cli cli, Duration connectDeadline) {
        return open(args, scenarioHint, log, cli, connectDeadline, null);
    }

    /** As {@link #open(Args, String, RunLog, Cli, Duration)}, with the run folder a connector's failure leaves its evidence in. */
    static Target open(Args args, String scenarioHint, RunLog log, Cli cli, Duration connectDeadline, Path runFolder) {
        try {
            return Targets.open(request(args), new Targets.Context(log, cli.redactor(), cli.err(), connectDeadline, scenarioHint,
                    vendors(cli)).withEvidence(runFolder));
        } catch (TargetException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
