package io.vaxiin.repl;

import java.util.List;

/**
 * A REPL command ({@code :connect}, {@code :help}, …) as completion and {@code :help} know it:
 * its name, what its first argument is, and a line about it.
 *
 * @param name    the command with its colon, {@code :connect}
 * @param arg     what its first argument is
 * @param choices the fixed words of a {@link Arg#CHOICE} argument ({@code show}, {@code undo}), else empty
 * @param usage   how it is typed, {@code :connect NAME|URI|sandbox [SCENARIO]}
 * @param summary what it does, one sentence
 */
public record CommandSyntax(String name, Arg arg, List<String> choices, String usage, String summary) {

    /** What a command's first argument is, which decides what Tab offers there. */
    public enum Arg {
        /** No argument. */
        NONE,
        /** One of {@link CommandSyntax#choices()}. */
        CHOICE,
        /** An inventory server, a URI, or {@code sandbox} followed by a scenario. */
        TARGET,
        /** A DSL word or a command, as {@code :help} takes. */
        WORD,
        /** A file name. */
        FILE
    }

    public CommandSyntax {
        choices = List.copyOf(choices);
        if (!name.startsWith(":")) throw new IllegalArgumentException("a REPL command starts with ':', not " + name);
    }

    /** The commands of {@code vaxiin repl}, as :help, completion and the REPL's messages give them. */
    public static final List<CommandSyntax> DEFAULTS = List.of(
            new CommandSyntax(":screen", Arg.CHOICE, List.of("-n", "-s"), ":screen [-n] [-s]",
                    "Prints the text on the screen now; -n numbers the rows as screen.line(n) counts them; -s names who read each row (grid:FONT, tesseract). Without a KVM console, the serial console's last lines."),
            new CommandSyntax(":watch", Arg.NONE, List.of(), ":watch [DURATION]",
                    "Redraws the screen as it changes until a key is pressed or DURATION (30s, 2m) passes; with input piped in, prints each new screen for DURATION (default 10s)."),
            new CommandSyntax(":snap", Arg.FILE, List.of(), ":snap [FILE.png]",
                    "Saves the screen as PNG, with its text beside it (default: in the REPL's output folder)."),
            new CommandSyntax(":target", Arg.NONE, List.of(), ":target",
                    "Says what is connected: the consoles, power and boot device, vendor and model, and whether a recording is on."),
            new CommandSyntax(":connect", Arg.TARGET, List.of(), ":connect NAME | URI... | sandbox [SCENARIO]",
                    "Switches to a server of the inventory, to console, power and serial URIs (vnc://, ws://, web+https:// with viewer=PROFILE, redfish://, ipmi://, sol://, tcp://), or to the sandbox in a scenario; a recording goes on."),
            new CommandSyntax(":record", Arg.CHOICE, List.of("show", "undo", "stop"), ":record [show|undo|stop]",
                    "Starts keeping each line that acts on the server with the screen it answered; show prints the script :save would write, undo drops the last step, stop forgets the recording."),
            new CommandSyntax(":save", Arg.FILE, List.of(), ":save FILE.groovy",
                    "Writes the recording as a recovery script, checked as vaxiin check checks it."),
            new CommandSyntax(":help", Arg.WORD, List.of(), ":help [WORD|:command]",
                    "Lists the words of the DSL and the commands, or tells about one of them (:help screen.line for a member)."),
            new CommandSyntax(":quit", Arg.NONE, List.of(), ":quit",
                    "Leaves the REPL, as Ctrl-D does, closing every connection and BMC session."));
}
