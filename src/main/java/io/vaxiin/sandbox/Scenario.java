package io.vaxiin.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What is wrong with the sandbox's simulated server when it starts. */
public enum Scenario {
    /** e2fsck stops at boot and asks questions; 'y' fixes, 'n' drops to an emergency shell. */
    FSCK("fsck"),
    /** The first boot ends in a kernel panic; the machine is frozen until power is cycled. */
    KERNEL_PANIC("kernel-panic"),
    /** The boot order starts with the network, which has nothing to boot: "No bootable device." */
    NO_BOOT_DEVICE("no-boot-device"),
    /** POST stops at "Press F1 to continue". */
    POST_KEY("post-key"),
    /** Windows stops with a blue screen on the first boot. */
    BSOD("bsod"),
    /** Nothing is wrong: it boots to the login prompt. */
    HEALTHY("healthy");

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    /** The name scripts and the command line use ("kernel-panic"). */
    public String id() {
        return id;
    }

    public static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** "fsck, kernel-panic, ...", for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Scenario::id).toList());
    }
}
