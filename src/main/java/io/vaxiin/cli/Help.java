package io.vaxiin.cli;

import java.util.Map;

/** The help text of each command: what it does, its options, an example that works as written. */
final class Help {

    private Help() {}

    static final String MAIN = """
            vaxiin - out-of-band server recovery as scripts

            usage: vaxiin COMMAND [options]      (vaxiin COMMAND --help for its options)

            commands:
              run SCRIPT [target]        run a recovery against a target (default: the built-in sandbox)
              check PATH...              compile and validate scripts without a server (for CI)
              screen [target]            print the text on a live screen; --image F.png for a saved one
              screenshot [target] -o F   save the screen as PNG
              sandbox [--scenario NAME] [--vendor PROFILE]  serve the built-in simulated server and print its URIs
              repl [target]              interactive console against a live target
              test SCRIPT --replay DIR   run a script against recorded screens (for CI)
              watch --inventory F --scripts DIR [--once]  look at many servers, recover the ones a script applies to
              log SERVER --audit FILE    one server's history from watch's audit log
              discover [target]          tell vendor, model and what the BMC supports

            a target is --target NAME (from --inventory FILE, default ./inventory.yaml)
            or direct URIs: --console vnc://HOST[:PORT] --power redfish://HOST --serial tcp://HOST:PORT

            global options: --debug (stack traces), --help, --version
            exit codes: 0 recovered, 1 recovery failed or timed out, 2 script or command line wrong,
                        3 target unreachable or credentials refused
            """;

    static final String TARGET = """
              --target NAME        a server from the inventory
              --inventory FILE     the inventory (default ./inventory.yaml)
              --console URI        vnc://[:PASSWORD@]HOST[:PORT], ws://HOST[:PORT]/PATH, wss://..., sandbox:SCENARIO[?vendor=PROFILE],
                                   web+https://USER:env:NAME@HOST[:PORT] (the BMC's HTML5 viewer, in headless chromium)
              --power URI          redfish://HOST[:PORT], redfish+http://HOST[:PORT]
              --serial URI         tcp://HOST:PORT
              --scenario NAME      the sandbox's scenario (with no other target)
              --vendor PROFILE     the sandbox's BMC poses as this vendor profile of lib/vendors (dell-idrac9, hpe-ilo5, ...)
              --viewer PROFILE     the viewer profile of a web+https:// console: a name in lib/viewers (idrac9, ilo5,
                                   openbmc, ...) or a profile file of your own
            """;

    static final Map<String, String> COMMANDS = Map.of(
            "run", """
                    usage: vaxiin run SCRIPT [target] [options]

                    Runs a recovery script against a target and prints each step as it happens.
                    With no target, runs on the built-in sandbox in the scenario the script names
                    (a line '// sandbox: SCENARIO' in the script), else 'healthy'.

                    target:
                    """ + TARGET + """

                    options:
                      --param KEY=VALUE    a parameter the script reads as params.KEY (repeatable)
                      --timeout DURATION   the recovery's timeout if the script sets none (e.g. 10m, 90s; default 10m)
                      --out DIR            where run.log, report.html and screenshots go (default ./vaxiin-runs/SCRIPT-TIME)
                      --record DIR         keep a recording of the consoles and actions in DIR (for vaxiin test)
                      --debug              stack traces on errors

                    Fonts: a console is read in the .vxf fonts of fonts/ beside the script too; a font
                    learnt on the console is kept in the output folder as fonts/NAME.vxf.

                    example: vaxiin run dsl-examples/fsck.groovy --record recordings/fsck
                    """,
            "check", """
                    usage: vaxiin check PATH...

                    Compiles and validates scripts without touching a server: words the DSL does not
                    have, regular expressions that do not compile, bad durations, unknown keys, power
                    and boot words, 'use' of a missing library. PATH is a .groovy file or a folder
                    (searched for *.groovy). Prints every error as file:line:col: message.
                    A .yaml file (or one in a folder named viewers, such as lib/viewers) is checked
                    as a viewer profile: unknown step words and keys, missing fields, bad selectors
                    and durations, each as file:line: message.

                    exit codes: 0 all good, 2 errors found

                    example: vaxiin check dsl-examples lib lib/viewers/ilo5.yaml
                    """,
            "screen", """
                    usage: vaxiin screen [target] | vaxiin screen --image FILE.png [--json]

                    Prints the text recognised on the target's screen now, or on a saved screenshot.
                    A console in a bitmap font Vaxiin does not ship has its font learnt from the screen.

                    target:
                    """ + TARGET + """
                      --image FILE.png     read a saved screenshot instead of a live screen
                      --json               the console's grid (where its text area lies, its font) and
                                           per line its text, box and who read it (grid:FONT, tesseract)
                      --fonts DIR          read in the .vxf fonts of DIR too (a folder like fonts/ beside scripts)
                      --save-font F.vxf    save the font learnt on this screen (exit 1 when none was learnt)

                    example: vaxiin screen --console vnc://127.0.0.1:5901
                    """,
            "screenshot", """
                    usage: vaxiin screenshot [target] -o FILE.png

                    Saves the target's screen as PNG (and its text beside it as FILE.txt).

                    target:
                    """ + TARGET + """
                      -o, --output FILE.png  where to save it

                    example: vaxiin screenshot --console sandbox:bsod -o bsod.png
                    """,
            "sandbox", """
                    usage: vaxiin sandbox [--scenario NAME] [--vendor PROFILE]

                    Serves the built-in simulated server on loopback (an RFB console and a Redfish
                    service) in the foreground and prints their URIs; Ctrl-C stops it.
                    Scenarios: fsck, kernel-panic, no-boot-device, post-key, bsod, healthy.
                    --vendor PROFILE: its BMC poses as that profile's (lib/vendors): the vendor's
                    Redfish payload shapes and quirks, its IPMI manufacturer number.

                    example: vaxiin sandbox --scenario no-boot-device --vendor dell-idrac9
                    """,
            "repl", """
                    usage: vaxiin repl [NAME] [--target NAME] [--inventory FILE]
                                       [--console URI] [--power URI] [--serial URI]
                                       [--scenario NAME] [--param KEY=VALUE]... [--out DIR]
                                       [--record DIR] [--fonts DIR]

                    Works a live console with the DSL's words, one at a time (type 'y',
                    press 'F1', power 'cycle', waitFor(/login:/), screen.line(3), Groovy),
                    each checked as vaxiin check checks a script. With no target: the
                    sandbox (--scenario picks one). Tab completes words, keys and names;
                    history is kept in ~/.vaxiin/history (never a secret); Ctrl-C stops
                    the running step; Ctrl-D or :quit leaves.

                    :record keeps what you do with the screen it answered; :save FILE.groovy
                    writes it as a recovery script. :help lists the words and commands.
                    --record DIR keeps a recording of the first target's consoles and of
                    what was done (for vaxiin test --replay DIR).
                    --fonts DIR reads the console in the .vxf fonts of DIR too (fonts/ beside
                    your scripts, or one screen --save-font wrote).

                    Input piped in (no terminal): no prompt or colours, one result per line;
                    the exit code is that of the last error (0 when none).
                    """,
            "test", """
                    usage: vaxiin test SCRIPT|DIR... [--replay DIR]... [--junit FILE] [--out DIR]

                    Runs scripts against recordings of real consoles (vaxiin run --record), with
                    no server: the recording plays as the server, in virtual time (ten recorded
                    minutes take seconds). An action the recording did not see fails the test;
                    a test passes when the script reaches done (against a recording in which
                    nothing was done to the server, when it does nothing either).

                    Which recordings: those a script names with a line '// replay: recordings/NAME'
                    (relative to the script). With --replay DIR (a recording or a folder of them):
                    those there it names, else those named after it (fsck.groovy: fsck, fsck-*);
                    a single recording is played to every script.

                    options:
                      --replay DIR         a recording, or a folder of recordings (repeatable)
                      --junit FILE         write JUnit XML, one testcase per script and recording
                      --out DIR            where each test's run.log and report.html go (default ./vaxiin-tests/TIME)
                      --param KEY=VALUE    a parameter the scripts read as params.KEY (repeatable)
                      --verbose            print each test's steps

                    exit codes: 0 all passed, 1 a test failed, 2 a script or recording is wrong

                    example: vaxiin test dsl-examples --junit vaxiin-junit.xml
                    """,
            "watch", """
                    usage: vaxiin watch --inventory FILE --scripts DIR [--once | --interval 60s]
                                        [--select LABEL=VALUE]... [--shard K/N] [--max-parallel N]
                                        [--look 20s] [--retries 2] [--backoff 5s]
                                        [--audit FILE] [--out DIR] [--grace 30s]
                                        [--notify recovered|gave-up|flapping=URL]

                    Looks at every server of the inventory and recovers those a script of DIR
                    applies to: a script applies when one of its rules that acts (types,
                    presses, powers, sets the boot device: not one that only says done or
                    fail) holds on the server's screen or serial text. A server no script
                    applies to within --look is healthy and nothing is done to it. A failed
                    recovery is tried again (looking first) after --backoff, doubling, up to
                    --retries times; then the server needs a person. At most --max-parallel
                    servers at once; never two recoveries of one server.

                    Every step is a line of the audit log (JSON Lines, forced to disk per
                    event; vaxiin log SERVER --audit FILE prints one server's history), and
                    each recovery has its run folder (run.log, report.html, the last screen)
                    under --out DIR/SERVER/.

                    SIGINT/SIGTERM: no new work; running recoveries get --grace, then are
                    abandoned (connections closed). Started again over the same audit log, a
                    recovery left in flight is looked at again before anything is done.
                    --notify KIND=URL: POST a JSON line to URL when a server is recovered or
                    left for a person (3 tries, --notify-timeout 10s each).

                    Without --once: a pass every --interval until stopped; a server one script
                    recovered 3 times within an hour is flapping, left for a person.
                    --once: one pass, then exit 0 when every server is healthy or recovered,
                    1 when one needs a person or could not be reached (for cron and CI).
                    --shard K/N: only the servers whose name hashes to shard K of N.

                    example: vaxiin watch --inventory fleet.yaml --scripts recoveries --once
                    """,
            "log", """
                    usage: vaxiin log SERVER --audit FILE [--json]

                    One server's history from watch's audit log: each look, match, recovery
                    step (with its rule and script line), ending and retry, oldest first.

                    example: vaxiin log db-07 --audit /var/log/vaxiin/audit.jsonl
                    """,
            "discover", """
                    usage: vaxiin discover [target] [--json] | vaxiin discover --inventory FILE [--json]

                    Asks each BMC what it is: vendor, model, firmware, serial number, power state,
                    the power actions and boot targets it allows (Redfish; IPMI's Get Device ID),
                    which vendor profile of lib/vendors it is and why, and the console paths that
                    profile offers. With --inventory alone: every server of the inventory.

                    target:
                    """ + TARGET + """
                      --json               one JSON object per server (a list for an inventory)
                      --write              write each server's vendor: and model: into the inventory,
                                           keeping its comments, order and formatting

                    exit codes: 0 found, 2 wrong options, 3 a BMC could not be reached

                    example: vaxiin discover --power redfish+http://127.0.0.1:8000
                    """);
}
