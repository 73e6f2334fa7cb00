package io.vaxiin.cli;

/** The command line is wrong: exit code 2, with one line saying what and how to get help. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
