package io.vaxiin.repl;

import org.jline.reader.Completer;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;

/**
 * A JLine reader set up for Groovy typed live: the {@link ReplParser} (multi-line input), a
 * completer, a history, and the options Groovy needs that JLine's defaults get wrong.
 */
public final class ReplInput {

    /** The continuation prompt: what the input still needs (a closing bracket, {@code '''}, {@code &&}), padded to the width of the prompt. */
    public static final String CONTINUATION_PROMPT = "%M%P> ";

    private ReplInput() {}

    /**
     * A builder of the REPL's line reader, to which the caller may add more.
     *
     * <p>Event expansion is off: JLine reads {@code !} as a history reference (bash's
     * {@code !!}, {@code !str}), and Groovy's {@code !found} and {@code x != y} would be replaced
     * by old lines. Completion is case-insensitive, so {@code press 'f<Tab>} offers {@code F1}….
     * Each open bracket indents the next line by two spaces.
     */
    public static LineReaderBuilder builder(Terminal terminal, Completer completer, History history) {
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("vaxiin")
                .parser(new ReplParser())
                .completer(completer)
                .history(history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                .variable(LineReader.INDENTATION, 2)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true);
    }
}
