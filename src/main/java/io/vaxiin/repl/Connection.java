package io.vaxiin.repl;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.Snippets;
import io.vaxiin.recording.Recorders;
import io.vaxiin.recording.RecordingWriter;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetRequest;
import io.vaxiin.target.Targets;
import io.vaxiin.vision.ConsoleReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The target the REPL works on and the session its snippets run in. Opened by name, URI or the
 * sandbox; closing it closes every connection and BMC session it opened.
 */
final class Connection implements AutoCloseable {

    private final Target target;
    private final Session session;
    private final String where;
    private final RecordingWriter recording;

    private Connection(Target target, Session session, String where, RecordingWriter recording) {
        this.target = target;
        this.session = session;
        this.where = where;
        this.recording = recording;
    }

    /**
     * Opens the target {@code request} names and a session on it.
     *
     * @param where how the target was named, without secrets ("sandbox (fsck)", "inventory server web-01")
     * @param recording where to record the consoles and what is done (vaxiin repl --record), or null
     * @throws io.vaxiin.target.TargetException          for a wrong name, URI or inventory entry
     * @throws io.vaxiin.connector.ConnectorException  when it cannot be reached
     */
    static Connection open(TargetRequest request, String where, RunLog log, Redactor secrets, PrintStream warnings,
                           Snippets snippets, ConsoleReader reader, Map<String, String> params, Path outputDir,
                           RecordingWriter recording) {
        Target target = Targets.open(request, new Targets.Context(log, secrets, warnings, Targets.CONNECT_DEADLINE, null));
        try {
            Session.Builder builder;
            if (recording == null) {
                builder = Session.builder()
                        .console(target.console(), reader).power(target.power()).boot(target.boot()).serial(target.serial())
                        .server(target.facts()).params(target.params(params)).log(log);
            } else {
                Recorders recorders = new Recorders(recording);
                builder = recorders.connect(Session.builder(), target, reader, true, target.params(params)).log(recorders.log(log));
            }
            Session session = snippets.prepare(builder.outputDir(outputDir).redactor(secrets)).build();
            return new Connection(target, session, where, recording);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    Target target() { return target; }
    Session session() { return session; }
    /** How the person named this target, without secrets: the recording's header says it. */
    String where() { return where; }

    /** The consoles this target has: "kvm", "serial". */
    List<String> consoles() {
        List<String> c = new ArrayList<>();
        if (target.console() != null) c.add("kvm");
        if (target.serial() != null) c.add("serial");
        return c;
    }

    /** The recording this connection keeps (vaxiin repl --record), or null. */
    RecordingWriter recording() { return recording; }

    @Override
    public void close() {
        if (recording != null) {
            recording.end("ENDED", "the REPL session on this target ended", "");
            recording.close();
        }
        target.close();
    }
}
