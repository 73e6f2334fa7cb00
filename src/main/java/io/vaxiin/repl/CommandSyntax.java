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

    /** The commands of {@code vaxiin repl} (issue 17), for a REPL that has no list of its own. */
    public static final List<CommandSyntax> DEFAULTS = List.of(
            new CommandSyntax(":screen", Arg.CHOICE, List.of("-n"), ":screen [-n]",
                    "Shows the text on the screen now; -n numbers the rows, as screen.line(n) counts them."),
            new CommandSyntax(":watch", Arg.NONE, List.of(), ":watch",
                    "Shows the screen each time it changes, until a key is pressed."),
            new CommandSyntax(":snap", Arg.FILE, List.of(), ":snap [FILE]",
                    "Saves the screen as a PNG image, with its text beside it."),
            new CommandSyntax(":target", Arg.NONE, List.of(), ":target",
                    "Says which server the REPL acts on, and through which consoles."),
            new CommandSyntax(":connect", Arg.TARGET, List.of(), ":connect NAME|URI|sandbox [SCENARIO]",
                    "Connects to a server of the inventory, to a console URI, or to the sandbox in a scenario."),
            new CommandSyntax(":record", Arg.CHOICE, List.of("show", "undo", "stop"), ":record [show|undo|stop]",
                    "Records the lines that act on the server, to save as a recovery script."),
            new CommandSyntax(":save", Arg.FILE, List.of(), ":save FILE",
                    "Writes the recorded lines to FILE as a recovery script."),
            new CommandSyntax(":help", Arg.WORD, List.of(), ":help [WORD]",
                    "Lists the words of the DSL and the commands, or explains one of them."),
            new CommandSyntax(":quit", Arg.NONE, List.of(), ":quit",
                    "Leaves the REPL."));
}
