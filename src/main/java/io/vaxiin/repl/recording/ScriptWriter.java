package io.vaxiin.repl.recording;

import io.vaxiin.repl.recording.Groups.Group;
import io.vaxiin.repl.recording.Timeline.Unit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link Recording} into the recovery script a person would have written for it
 * ({@code :save fsck-fix.groovy} in {@code vaxiin repl}): one rule per kind of screen answered,
 * not one per screen, so the script still works when the next machine asks about inode 4711.
 *
 * <p>How, and why:
 * <ul>
 *   <li><b>A kind of screen</b> is the screens answered with the same action (the same source,
 *       whitespace aside). A person answers {@code Clear<y>?} and {@code Fix<y>?} with
 *       {@code type 'y'} because they are the same question; the action is the best evidence of
 *       what the person saw as the same.</li>
 *   <li><b>Its regex</b> ({@link Distinguish}) is found at the end of the screen, where terminals
 *       and fsck put the question and the cursor: the shortest whole-word suffix of the kind's
 *       common last line that no other recorded screen ends with, numbers, names, addresses and
 *       timestamps generalised ({@link LinePattern}), anchored with {@code \s*$} so an answered
 *       question ({@code Fix<y>? yes}) no longer matches. The sandbox's fsck pair gives
 *       {@code /<y>\?\s*$/}; one {@code Inode 15, … Fix<y>?} gives {@code /Fix<y>\?\s*$/}.</li>
 *   <li><b>{@code maxFires:}</b> is max(5, 3 × the answers seen): a disk with more errors asks more
 *       often than the one recorded, and a rule that loops is still stopped.</li>
 *   <li><b>Answers on an unchanged screen</b> are one rule with the sequence as its action, the
 *       waits between them inside ({@code then { press 'Down'; waitStill 2.seconds; press 'Enter' }}):
 *       the one place a wait says what a rule cannot. Other waits are dropped, since a rule waits
 *       for its screen by itself, and listed in a comment so nothing done disappears silently.</li>
 *   <li><b>An answer to a console with no text</b> ({@code power 'on'} on a server that is off)
 *       has no screen to wait for: it is a step at the top, run once before the rules react.</li>
 *   <li><b>The end</b> is the last rule: the {@code done} the person typed, on the screen they typed
 *       it (after the answers that left that screen unchanged, as a chain), or the REPL's
 *       {@code done 'reached …'} on the last screen reached.</li>
 *   <li><b>A screen answered in two ways</b> cannot be two rules (the first would always win):
 *       the more frequent action is kept, and a comment says which was left out.</li>
 *   <li><b>Rules the person typed</b> are copied as written, in the order they were typed among
 *       the others, which are in the order their kind was first answered.</li>
 *   <li><b>Nothing secret</b>: the header names only {@link Recording#where()} (any
 *       {@code user:password@} in it is cut as well), times and counts.</li>
 * </ul>
 * The text written compiles with {@code vaxiin check}: every piece of a screen that reaches it
 * goes through {@link LinePattern} (regexes) or {@link GroovyText} (strings, comments).
 */
public final class ScriptWriter {

    private ScriptWriter() {
    }

    /** A kind is asked more often on the next machine than on the one recorded; never below the DSL's default (5). */
    static int maxFires(int answers) {
        return Math.max(5, 3 * answers);
    }

    /** The recovery's timeout: 10 minutes, or twice the recording when that took more than five. */
    static long timeoutMinutes(Duration recorded) {
        return recorded.compareTo(Duration.ofMinutes(5)) > 0 ? (recorded.toSeconds() * 2 + 59) / 60 : 10;
    }

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * The script text for the recording.
     *
     * @param recording what was recorded
     * @param name      the file name it will be saved as ({@code fsck-fix.groovy}); the recovery is named after it
     * @param savedAt   when it is saved, for the header
     */
    public static String write(Recording recording, String name, Instant savedAt) {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(savedAt, "savedAt");
        String file = Path.of(Objects.requireNonNull(name, "name")).getFileName().toString();
        List<Step> steps = List.copyOf(recording.steps());
        Timeline timeline = Timeline.of(steps);
        List<Group> groups = Groups.of(timeline.units());

        StringBuilder out = new StringBuilder();
        Instant ended = steps.isEmpty() ? recording.started() : steps.get(steps.size() - 1).at();
        header(out, recording, file, steps, ended, savedAt);
        out.append('\n');
        out.append("recovery ").append(GroovyText.quote(file.replaceFirst("\\.groovy$", ""))).append(", timeout: ")
                .append(timeoutMinutes(Duration.between(recording.started(), ended))).append(".minutes\n");
        if (steps.isEmpty()) {
            out.append('\n').append(GroovyText.comment("Nothing was recorded: add rules (when screen =~ /…/ then …) and a done.")).append('\n');
            return out.toString();
        }
        topSteps(out, timeline.top());

        // the rules in the order their kind was first answered, the person's own among them; the ends last
        Map<Integer, String> blocks = new TreeMap<>();
        for (Timeline.Verbatim v : timeline.rules()) blocks.put(v.position(), v.source().strip());
        List<Group> ends = new ArrayList<>();
        for (Group g : groups) {
            if (g.first().kind() == Step.Kind.DONE) ends.add(g);
            else blocks.put(g.first().position(), rule(g, groups, timeline.waitScreens()));
        }
        ends.sort(Comparator.comparingInt(g -> g.first().position()));
        for (String block : blocks.values()) out.append('\n').append(block).append('\n');
        for (Group g : ends) out.append('\n').append(rule(g, groups, timeline.waitScreens())).append('\n');

        if (ends.isEmpty()) {
            out.append('\n').append(GroovyText.comment(
                    "No end was recorded: add a rule that calls done on the screen that means the server is recovered.")).append('\n');
        }
        for (String s : timeline.unplaced()) {
            out.append('\n').append(GroovyText.comment("Typed on a console with no text, which no rule can wait for: "
                    + GroovyText.oneLine(s))).append('\n');
        }
        droppedWaits(out, timeline.droppedWaits());
        return out.toString();
    }

    private static void header(StringBuilder out, Recording recording, String file, List<Step> steps, Instant ended, Instant savedAt) {
        // a URI's user:password@ never reaches the file, should a caller pass one
        String where = GroovyText.oneLine(recording.where().replaceAll("(?<=://)[^/@\\s]*@", ""));
        out.append(GroovyText.comment(file + ": written by vaxiin repl from what was done on " + where + ".")).append('\n');
        String until = DAY_TIME.format(ended).substring(0, 10).equals(DAY_TIME.format(recording.started()).substring(0, 10))
                ? TIME.format(ended) : DAY_TIME.format(ended);
        out.append(GroovyText.comment("Recorded " + DAY_TIME.format(recording.started()) + " to " + until + " UTC ("
                + counts(steps) + "); saved " + DAY_TIME.format(savedAt) + " UTC.")).append('\n');
        out.append(GroovyText.comment("One rule per kind of screen answered, its numbers and names generalised; read it, then: vaxiin check "
                + file)).append('\n');
    }

    private static String counts(List<Step> steps) {
        if (steps.isEmpty()) return "no steps";
        List<String> parts = new ArrayList<>();
        count(parts, steps, "answer", Step.Kind.ANSWER);
        count(parts, steps, "wait", Step.Kind.WAIT);
        count(parts, steps, "rule typed", Step.Kind.RULE);
        count(parts, steps, "end", Step.Kind.DONE, Step.Kind.FAIL);
        return steps.size() + (steps.size() == 1 ? " step: " : " steps: ") + String.join(", ", parts);
    }

    private static void count(List<String> parts, List<Step> steps, String what, Step.Kind... kinds) {
        Set<Step.Kind> of = Set.of(kinds);
        long n = steps.stream().filter(s -> of.contains(s.kind())).count();
        if (n > 0) parts.add(n + " " + (n == 1 ? what : what.replaceFirst("^(\\w+)", "$1s")));
    }

    private static void topSteps(StringBuilder out, List<Timeline.TopStep> top) {
        if (top.isEmpty()) return;
        out.append('\n').append(GroovyText.comment("Typed while the console showed nothing, so no rule can wait for it:"
                + " run once, in order, before the rules react.")).append('\n');
        boolean lateSaid = false;
        for (Timeline.TopStep s : top) {
            if (s.late() && !lateSaid) {
                out.append(GroovyText.comment("(recorded after screens below were answered)")).append('\n');
                lateSaid = true;
            }
            out.append(s.source().strip()).append('\n');
        }
    }

    /** A group's rule, with the comments above it. */
    private static String rule(Group g, List<Group> all, List<Seen> waitScreens) {
        Unit first = g.first();
        Step.Console console = first.screen().console();
        List<Seen> negatives = new ArrayList<>();
        Set<List<String>> answered = new HashSet<>();
        for (Group o : all) {
            for (Seen s : o.screens()) {
                answered.add(s.key());
                if (o != g && s.console() == console) negatives.add(s);
            }
        }
        List<Seen> waited = waitScreens.stream().filter(s -> s.console() == console && !answered.contains(s.key())).toList();
        Distinguish.Choice choice = Distinguish.of(g.screens(), negatives, waited);

        StringBuilder b = new StringBuilder();
        for (String note : g.notes()) b.append(GroovyText.comment(note)).append('\n');
        b.append(GroovyText.comment(describe(g))).append('\n');
        if (!choice.distinct()) {
            b.append(GroovyText.comment("Nothing on these screens tells them from every other screen recorded: this is their"
                    + " whole last line, which may match others too; check it.")).append('\n');
        }
        b.append("when ").append(console == Step.Console.SERIAL ? "serial" : "screen").append(" =~ /").append(choice.regex()).append('/');
        if (first.kind() == Step.Kind.ANSWER) b.append(", maxFires: ").append(maxFires(g.units().size()));
        b.append(" then ").append(GroovyText.then(first.actions()));
        return b.toString();
    }

    /** What a rule is for, from what was recorded: how often, and the screens' last lines. */
    private static String describe(Group g) {
        Set<String> prompts = new LinkedHashSet<>();
        for (Seen s : g.screens()) prompts.add("\"" + GroovyText.shortened(s.label(), 50) + "\"");
        List<String> shown = new ArrayList<>(prompts).subList(0, Math.min(3, prompts.size()));
        String ending = String.join(", ", shown) + (prompts.size() > shown.size() ? ", …" : "");
        Unit first = g.first();
        boolean serial = first.screen().console() == Step.Console.SERIAL;
        String one = (serial ? "serial text" : "a screen") + " ending " + ending;
        String many = (serial ? "serial text" : "screens") + " ending " + ending;
        int n = g.units().size();
        return switch (first.kind()) {
            case DONE -> first.generated() ? "The end: the last " + (serial ? "serial text" : "screen") + " reached, ending " + ending
                    : "The end: done was typed on " + one;
            case FAIL -> "fail was typed on " + one;
            default -> "Answered " + (n == 1 ? "once" : Groups.times(n)) + ", on " + (n == 1 ? one : many);
        };
    }

    private static void droppedWaits(StringBuilder out, List<String> waits) {
        if (waits.isEmpty()) return;
        out.append('\n').append(GroovyText.comment("Waits made while recording, left to the rules (a rule waits for its screen by itself):"))
                .append('\n');
        for (String w : waits) {
            for (String line : w.strip().split("\n")) out.append("//   ").append(GroovyText.oneLine(line)).append('\n');
        }
    }
}
