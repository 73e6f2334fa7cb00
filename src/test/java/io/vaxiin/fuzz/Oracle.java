package io.vaxiin.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a finding beyond an exception of the wrong type: an error message a person
 * would read that carries a stack trace or a Java class name. Text the peer itself sent (a
 * server's refusal reason, a desktop name) is quoted by design, so a name that occurs in the
 * input does not count.
 */
public final class Oracle {

    private static final Pattern STACK = Pattern.compile("\\n\\s*at [\\w$.]+\\(|\\tat ");
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|okhttp3|okio|groovy|org\\.yaml|org\\.codehaus|org\\.apache|io\\.vaxiin)\\.[\\w$]+(?:\\.[\\w$]+)*");
    private static final Pattern SIMPLE = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b");

    private Oracle() {
    }

    /** Throws an AssertionError (a Jazzer finding) when {@code message} is not fit for a person. */
    public static void checkMessage(String message, byte[] input) {
        if (message == null || message.isBlank()) throw new AssertionError("an error without a message");
        String peer = new String(input, StandardCharsets.ISO_8859_1);
        String utf8 = new String(input, StandardCharsets.UTF_8);
        if (STACK.matcher(message).find()) throw new AssertionError("a message with a stack trace: " + message);
        for (Pattern p : new Pattern[] {QUALIFIED, SIMPLE}) {
            Matcher m = p.matcher(message);
            while (m.find()) {
                String name = m.group();
                if (!peer.contains(name) && !utf8.contains(name)) {
                    throw new AssertionError("a message naming the Java class " + name + ": " + message);
                }
            }
        }
    }
}
