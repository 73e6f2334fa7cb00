package io.vaxiin.target;

/** What a connector does for a target; each is given by one URI. */
public enum Role {
    CONSOLE("--console", "console"), POWER("--power", "power"), SERIAL("--serial", "serial");

    /** The command-line option that gives it. */
    public final String option;
    /** The inventory key that gives it. */
    public final String key;

    Role(String option, String key) {
        this.option = option;
        this.key = key;
    }
}
