package io.vaxiin.connector.ssh;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a BMC's own SSH command line reaches the host's serial port: the prompt it shows after
 * login, the command that bridges to the serial port, and the bytes that leave the bridge again.
 */
public enum BmcCli {

    /** Dell iDRAC: {@code connect com2} at {@code /admin1->} (or racadm's {@code racadm>>}); leave with ctrl-\. */
    IDRAC("idrac", "iDRAC", Pattern.compile("(/admin1->|racadm>>)$"), "connect com2", new byte[] {0x1c}, 22),
    /** HPE iLO: {@code vsp} at {@code </>hpiLO->}; leave with ESC (. */
    ILO("ilo", "iLO", Pattern.compile("</>hpiLO->$"), "vsp", new byte[] {0x1b, '('}, 22),
    /** Lenovo XCC: {@code console 1} at {@code system>}; leave with ESC (. */
    XCC("xcc", "XCC", Pattern.compile("system>$"), "console 1", new byte[] {0x1b, '('}, 22),
    /** OpenBMC: its SSH console on port 2200 is the host's console itself: no prompt, no command. */
    OPENBMC("openbmc", "OpenBMC", null, null, new byte[0], 2200),
    /** No command line: what the session shows is the serial console (a terminal server's SSH port). */
    NONE("none", "no BMC command", null, null, new byte[0], 22);

    private final String id;
    private final String label;
    private final Pattern prompt;
    private final String command;
    private final byte[] escape;
    private final int defaultPort;

    BmcCli(String id, String label, Pattern prompt, String command, byte[] escape, int defaultPort) {
        this.id = id;
        this.label = label;
        this.prompt = prompt;
        this.command = command;
        this.escape = escape;
        this.defaultPort = defaultPort;
    }

    /** The name in {@code ?cli=}: "idrac", "ilo", "xcc", "openbmc", "none". */
    public String id() { return id; }

    /** The command that bridges to the serial port, or null when the session already is the console. */
    public String command() { return command; }

    /** The bytes that leave the serial bridge (empty when there is none). */
    public byte[] escape() { return escape.clone(); }

    /** The port of the BMC's SSH console: 2200 for OpenBMC, 22 for the others. */
    public int defaultPort() { return defaultPort; }

    /** True when this command line shows a prompt to wait for before its command. */
    public boolean hasPrompt() { return prompt != null; }

    /** True when the current line (trailing blanks ignored) is this command line's prompt. */
    public boolean isPrompt(String line) {
        return prompt != null && prompt.matcher(line.stripTrailing()).find();
    }

    /** The prompt, as a person reads it in a message: "/admin1-> or racadm>>". */
    public String promptText() {
        return prompt == null ? "" : prompt.pattern().replace("$", "").replace("(", "").replace(")", "").replace("|", " or ");
    }

    /** The command line whose prompt {@code line} is, or null. */
    static BmcCli detect(String line) {
        for (BmcCli c : values()) {
            if (c.isPrompt(line)) return c;
        }
        return null;
    }

    /**
     * The command line named in {@code ?cli=}.
     *
     * @throws IllegalArgumentException naming the ones there are
     */
    public static BmcCli byId(String id) {
        for (BmcCli c : values()) {
            if (c.id.equals(id.toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("cli=" + id + " is not one of idrac, ilo, xcc, openbmc, none");
    }

    @Override
    public String toString() {
        return command == null ? label : label + " '" + command + "'";
    }
}
