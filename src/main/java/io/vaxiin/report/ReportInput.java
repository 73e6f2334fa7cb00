package io.vaxiin.report;

import java.util.List;

/**
 * What a report says besides the recording of the run.
 *
 * @param title       "vaxiin run fsck.groovy on sandbox", "vaxiin test fsck.groovy with recordings/fsck-xterm"
 * @param scriptName  the script's file name, as rule lines in the log name it ("fsck.groovy")
 * @param scriptLines the script's lines, to show the line of each rule that fired (empty when unknown)
 * @param passed      true when the run recovered (run) or the test passed (test)
 * @param verdict     one line: why it passed or failed
 * @param details     more lines about the end (what the recording expected, rules that did not fire)
 */
public record ReportInput(String title, String scriptName, List<String> scriptLines, boolean passed, String verdict,
                          List<String> details) {
    public ReportInput {
        scriptLines = List.copyOf(scriptLines);
        details = List.copyOf(details);
    }
}
