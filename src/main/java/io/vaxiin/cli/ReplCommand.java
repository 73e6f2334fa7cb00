package io.vaxiin.cli;

import io.vaxiin.repl.Repl;
import io.vaxiin.target.TargetRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code vaxiin repl [NAME] [target options]}: reads the options, then hands over to {@link Repl}. */
final class ReplCommand {

    private ReplCommand() {}

    static int run(List<String> argv, Cli cli) {
        Args args = new Args("repl", argv, Commands.with(TargetOptions.OPTIONS, "--param", "--out", "--record", "--fonts"), Set.of("--help"));
        if (args.positional().size() > 1) throw new UsageException("repl: give at most one server name (see vaxiin repl --help)");
        TargetRequest request = TargetOptions.request(args);
        if (!args.positional().isEmpty()) {
            if (request.name() != null) throw new UsageException("repl: give the server either as NAME or as --target NAME");
            request = new TargetRequest(args.positional().get(0), request.inventory(), request.console(), request.power(),
                    request.serial(), request.scenario(), request.vendor(), request.viewer());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : args.options("--param")) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new UsageException("repl: --param takes KEY=VALUE, not '" + p + "'");
            params.put(p.substring(0, eq), Commands.param(p.substring(0, eq), p.substring(eq + 1), cli));
        }
        Path out = args.option("--out") != null ? Path.of(args.option("--out"))
                : Path.of("vaxiin-runs", "repl-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path history = Path.of(System.getProperty("user.home"), ".vaxiin", "history");
        Path record = args.option("--record") == null ? null : Path.of(args.option("--record"));
        if (record != null && Files.exists(record.resolve("events.jsonl"))) {
            throw new UsageException("repl: " + record + " already holds a recording; give a new folder to --record (nothing is overwritten)");
        }
        io.vaxiin.vision.FontLibrary fonts;
        try {
            fonts = args.option("--fonts") == null ? io.vaxiin.vision.FontLibrary.empty()
                    : io.vaxiin.vision.FontLibrary.load(List.of(Commands.fontFolder("repl", args.option("--fonts"))));
        } catch (java.io.IOException e) {
            throw new UsageException("repl: --fonts: " + e.getMessage());
        }
        Repl.Settings settings = new Repl.Settings(request, Repl.where(request), params, out, request.inventory(), history, cli.home(),
                record, fonts);
        return Repl.run(settings, cli.in(), cli.out(), cli.err(), cli.terminal(), cli.compiler(), cli.redactor());
    }
}
