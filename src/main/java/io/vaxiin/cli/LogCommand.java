package io.vaxiin.cli;

import io.vaxiin.watch.Audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vaxiin log SERVER --audit FILE}: one server's history from watch mode's audit log, one
 * line per event: when, what, and the script, rule, line and run folder that go with it.
 */
final class LogCommand {

    private LogCommand() {}

    static int run(List<String> argv, Cli cli) {
        Args args = new Args("log", argv, Set.of("--audit"), Set.of("--json"));
        if (args.positional().size() != 1) throw new UsageException("log: give one server's name (see vaxiin log --help)");
        if (args.option("--audit") == null) throw new UsageException("log: give the audit log with --audit FILE (watch's --audit)");
        String server = args.positional().get(0);
        Path file = Path.of(args.option("--audit"));
        List<Map<String, Object>> events;
        try {
            events = Audit.read(file, server);
        } catch (NoSuchFileException e) {
            throw new UsageException("log: no audit log " + file);
        } catch (IOException e) {
            throw new UsageException("log: cannot read " + file + ": " + e.getMessage());
        }
        if (events.isEmpty()) {
            cli.err().println("vaxiin: log: " + file + " has no event of '" + server + "'" + (Files.isRegularFile(file) ? "" : ""));
            return 1;
        }
        for (Map<String, Object> e : events) {
            if (args.flag("--json")) {
                cli.out().println(groovy.json.JsonOutput.toJson(e));
                continue;
            }
            StringBuilder line = new StringBuilder(String.valueOf(e.get("time"))).append("  ").append(e.get("event"));
            for (String key : List.of("script", "rule", "line", "outcome", "message", "text", "why", "folder")) {
                Object v = e.get(key);
                if (v != null && !String.valueOf(v).isEmpty()) line.append("  ").append(key).append(": ").append(v);
            }
            cli.out().println(line);
        }
        return 0;
    }
}
