package io.vaxiin.cli;

import java.util.List;

/** The commands that talk to a target. */
final class Commands {

    private Commands() {}

    static int run(String command, List<String> args, Cli cli) {
        throw new UsageException(command + ": not available in this build yet");
    }
}
