package io.vaxiin.dsl;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a script sees through {@code serial}: the serial console's text that no rule or wait has
 * judged yet, decoded as a terminal shows it. It is a {@link CharSequence}, so
 * {@code serial =~ /re/} and {@code serial.contains('x')} work as on a string. Also the way to
 * type on the serial console when the target has a KVM console too: {@code serial.type 'y'}.
 */
public final class SerialText implements CharSequence {

    private final String text;
    private final String history;
    private final RecoveryScript script;

    SerialText(String text, String history, RecoveryScript script) {
        this.text = text;
        this.history = history;
        this.script = script;
    }

    /** The lines of the text not judged yet. */
    public List<String> getLines() { return List.of(text.split("\n", -1)); }

    /** Everything the console kept (up to a million characters), judged or not: for logs. */
    public String getHistory() { return history; }

    /** True when the text not judged yet holds {@code s}. */
    public boolean contains(CharSequence s) { return text.contains(s); }

    /** True when {@code regex} is found in the text not judged yet. */
    public boolean find(String regex) { return Pattern.compile(regex).matcher(text).find(); }

    /** Types on the serial console, whatever other console the target has; {@code \n} is Enter. */
    public void type(Object text) {
        script.typeSerial(String.valueOf(text));
    }

    /** Presses a key on the serial console: {@code serial.press 'ctrl-c'}; a terminal sends it as bytes. */
    public void press(String keys) {
        script.pressSerial(keys);
    }

    @Override public int length() { return text.length(); }
    @Override public char charAt(int index) { return text.charAt(index); }
    @Override public CharSequence subSequence(int start, int end) { return text.subSequence(start, end); }
    @Override public String toString() { return text; }
}
