package io.vaxiin.sandbox;

import io.vaxiin.sandbox.redfish.SimulatedBmc;
import io.vaxiin.sandbox.serial.SerialLine;
import io.vaxiin.sandbox.serial.TerminalKeys;
import io.vaxiin.vision.BitmapCanvas;
import io.vaxiin.vision.Images;
import io.vaxiin.vision.TextModeRenderer;
import io.vaxiin.vision.TextModeScreen;
import io.vaxiin.vision.VgaColor;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sandbox's simulated server: a PC that powers on, runs POST, boots from a device chosen by
 * its boot order or the BMC's override, and runs an operating system that has the scenario's
 * fault. It behaves like a machine: keys reach what is on the screen, a power cycle goes through
 * POST and boot again, a boot override changes what boots, a wrong answer leads somewhere worse.
 *
 * <p>Everything happens on one thread ({@code machine}), in order; the BMC and the keyboard hand
 * their events to it. The screen is VGA text mode (720×400) or, for Windows and firmware setup,
 * a 1024×768 graphical mode, and each change is handed to the {@link Display} with the part that
 * changed, as a VNC server needs it.
 *
 * <p>Its {@link #serial() serial port} shows what a PC whose BIOS redirects its text console to
 * COM1, booting Linux with {@code console=ttyS0 console=tty0}, shows there: every line the
 * machine writes in text mode (POST, the boot device messages, iPXE, "No bootable device.", the
 * kernel, e2fsck's questions, the panic, the emergency shell, echo of a typed login name) and
 * the getty of ttyS0 ("Debian GNU/Linux 12 sandbox ttyS0", "sandbox login:"), with CR LF; the
 * graphical screens (firmware setup, Windows and its blue screen) show nothing there. Bytes typed
 * on the serial line are keys, as on the console ({@link TerminalKeys}).
 */
public final class Machine implements SimulatedBmc, AutoCloseable {

    /** Receives every new picture of the screen and the part of it that changed. */
    @FunctionalInterface
    public interface Display {
        void show(BufferedImage image, Rectangle changed);
    }

    /** Where the machine is. */
    public enum Phase { OFF, POST, POST_ERROR, SETUP, NETWORK_BOOT, NO_BOOT, LINUX_BOOT, FSCK, EMERGENCY, PANIC, LOGIN,
        PASSWORD, WINDOWS_BOOT, BSOD, SIGN_IN }

    static final String MODEL = "Vaxiin Sandbox VX-1";
    private static final int GRAPHICS_W = 1024, GRAPHICS_H = 768;
    private static final int KS_RETURN = 0xff0d, KS_BACKSPACE = 0xff08, KS_ESCAPE = 0xff1b, KS_DELETE = 0xffff,
            KS_F1 = 0xffbe, KS_F2 = 0xffbf, KS_CTRL_L = 0xffe3, KS_CTRL_R = 0xffe4, KS_ALT_L = 0xffe9, KS_ALT_R = 0xffea;

    private volatile Scenario scenario;
    private final double pace;
    private final ScheduledExecutorService thread;
    private final boolean ownThread;
    /** How long after reaching the login prompt its fault comes back (negative: never). */
    private volatile long relapseMillis = -1;
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private volatile Display display = (image, changed) -> { };
    private volatile Consumer<String> events = e -> { };

    // State below is touched only on the machine's thread, except the volatile fields the BMC reads.
    private volatile PowerState power = PowerState.OFF;
    private volatile BootSetting bootOverride = BootSetting.NONE;
    private volatile Phase phase = Phase.OFF;
    private final List<Phase> trail = Collections.synchronizedList(new ArrayList<>());
    private int epoch;
    private boolean fault = true;
    private boolean ctrl, alt;
    private final StringBuilder typed = new StringBuilder();
    private final SerialLine serial = new SerialLine(this::serialInput);
    private final TerminalKeys serialKeys = new TerminalKeys();
    private final TextModeScreen text = TextModeScreen.vga80x25();
    private final TextModeRenderer renderer = new TextModeRenderer();
    private BitmapCanvas canvas;
    private BufferedImage shown;

    /**
     * @param pace multiplies every delay of the simulation (1.0: POST and boot take a few seconds;
     *             tests use less)
     */
    public Machine(Scenario scenario, double pace) {
        this(scenario, pace, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox machine");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /**
     * A machine that runs on {@code thread}, a single-threaded executor it may share with other
     * machines (a fleet of them in one process); closing the machine leaves it running.
     */
    public Machine(Scenario scenario, double pace, ScheduledExecutorService thread) {
        this(scenario, pace, thread, false);
    }

    private Machine(Scenario scenario, double pace, ScheduledExecutorService thread, boolean ownThread) {
        this.scenario = scenario;
        this.pace = pace;
        this.thread = thread;
        this.ownThread = ownThread;
        on(this::blank);
    }

    /**
     * Makes the fault come back {@code millis} (times the pace) after each time the machine
     * reaches its login prompt: a disk that keeps failing, a kernel that keeps panicking.
     */
    public Machine relapse(long millis) {
        this.relapseMillis = millis;
        return this;
    }

    /**
     * The machine breaks now, as {@code fault} breaks it: it crashes, its watchdog restarts it,
     * and it comes up with that fault (a healthy scenario boots clean).
     */
    public void breakDown(Scenario fault) {
        on(() -> {
            record("breaks down: " + fault.id());
            scenario = fault;
            this.fault = true;
            startPower();
        });
    }

    /** Presses the power button: the machine starts POST. */
    public Machine powerOn() {
        on(this::startPower);
        return this;
    }

    /** Sends every new picture to {@code display}, starting with the one on the screen now. */
    public void display(Display display) {
        this.display = display;
        on(() -> {
            if (shown != null) display.show(Images.copy(shown), new Rectangle(0, 0, shown.getWidth(), shown.getHeight()));
        });
    }

    /** Receives a line for each thing the machine does ("key F1", "power ForceOff", "boot Hdd"). */
    public void events(Consumer<String> events) {
        this.events = events;
    }

    /** What the machine did, in order (for tests and the sandbox's log). */
    public List<String> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public Phase phase() { return phase; }

    /** Every phase the machine went through, in order (for tests: screens pass faster than one looks). */
    public List<Phase> trail() {
        synchronized (trail) {
            return List.copyOf(trail);
        }
    }

    private void enter(Phase next) {
        phase = next;
        trail.add(next);
    }

    public Scenario scenario() { return scenario; }

    /** The text on the screen when it is in text mode (empty lines in graphical mode). */
    public List<String> textLines() {
        return onAndWait(() -> canvas == null ? text.lines() : List.of());
    }

    /** A key event from the console (an X11 keysym), as a keyboard sends it. */
    public void key(int keysym, boolean down) {
        on(() -> handleKey(keysym, down));
    }

    /** The machine's serial port (COM1, ttyS0); see the class comment for what appears on it. */
    public SerialLine serial() { return serial; }

    /** Bytes typed on the serial line, read as the keys a terminal sends them for. */
    public void serialInput(byte[] bytes) {
        on(() -> serialKeys.decode(bytes).forEach(k -> handleKey(k.keysym(), k.down())));
    }

    // ---- the BMC's side (Redfish) ------------------------------------------------------------

    @Override
    public PowerState power() {
        return power;
    }

    /**
     * Carries out a reset on the machine's thread and returns once it has taken effect, so the
     * power state the BMC reports next already follows it (as a BMC's does once it answers).
     */
    @Override
    public void reset(String resetType) {
        onAndWait(() -> {
            record("power " + resetType);
            switch (resetType) {
                case "On", "ForceOn" -> { if (power == PowerState.OFF) startPower(); }
                case "ForceOff" -> powerOff();
                case "GracefulShutdown" -> {
                    // An operating system that is frozen does not shut down when asked.
                    if (power == PowerState.ON && osResponsive()) later(300, this::powerOff);
                }
                case "ForceRestart" -> { if (power == PowerState.ON) startPower(); }
                case "GracefulRestart" -> { if (power == PowerState.ON && osResponsive()) later(300, this::startPower); }
                case "PowerCycle" -> {
                    if (power == PowerState.ON) {
                        powerOff();
                        later(400, this::startPower);
                    } else {
                        startPower();
                    }
                }
                case "Nmi" -> { if (phase == Phase.LOGIN || phase == Phase.PASSWORD) panic("NMI received for unknown reason 3c on CPU 0."); }
                default -> throw new IllegalArgumentException(resetType);
            }
            return null;
        });
    }

    @Override
    public BootSetting boot() {
        return bootOverride;
    }

    @Override
    public void setBoot(BootSetting setting) {
        bootOverride = setting.enabled().equals("Disabled") ? BootSetting.NONE : setting;
        on(() -> record("boot " + setting.target() + " " + setting.enabled()));
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public void close() {
        if (ownThread) thread.shutdownNow();
        else on(() -> epoch++); // what was scheduled does nothing more
    }

    // ---- the machine -------------------------------------------------------------------------

    private boolean osResponsive() {
        return phase == Phase.LOGIN || phase == Phase.PASSWORD || phase == Phase.SIGN_IN || phase == Phase.EMERGENCY;
    }

    private void powerOff() {
        epoch++;
        power = PowerState.OFF;
        enter(Phase.OFF);
        blank();
    }

    private void startPower() {
        epoch++;
        power = PowerState.ON;
        enter(Phase.POST);
        textMode();
        text.colors(VgaColor.LIGHT_GRAY, VgaColor.BLACK).clear().cursor(0, 0).cursorVisible(true);
        print("SeaBIOS (version 1.16.2-vaxiin-sandbox)\n\n");
        print(MODEL + "   BIOS 2.4.1   BMC firmware 1.0.0\n");
        publish();
        later(250, () -> {
            print("Memory test: 16384 MB OK\n\n");
            print("Press F2 for Setup, F11 for Boot Menu, F12 for Network Boot\n\n");
            publish();
            if (scenario == Scenario.POST_KEY && fault) {
                later(350, () -> {
                    enter(Phase.POST_ERROR);
                    text.colors(VgaColor.YELLOW, VgaColor.BLACK);
                    print("Error: Memory configuration changed (DIMM B2 not detected).\n");
                    text.colors(VgaColor.LIGHT_GRAY, VgaColor.BLACK);
                    print("Press F1 to continue, F2 to run setup\n");
                    publish();
                });
            } else {
                later(500, this::bootDevice);
            }
        });
    }

    private void bootDevice() {
        BootSetting override = bootOverride;
        String target = override.enabled().equals("Disabled") ? defaultBootTarget() : override.target();
        if (override.enabled().equals("Once")) bootOverride = BootSetting.NONE; // used up by this boot
        switch (target) {
            case "Pxe" -> networkBoot();
            case "BiosSetup" -> setup();
            case "Cd" -> {
                print("Booting from DVD/CD...\nBoot failed: Could not read from CDROM (code 0003)\n");
                publish();
                later(500, this::noBootableDevice);
            }
            default -> diskBoot();
        }
    }

    private String defaultBootTarget() {
        return scenario == Scenario.NO_BOOT_DEVICE ? "Pxe" : "Hdd";
    }

    private void networkBoot() {
        enter(Phase.NETWORK_BOOT);
        print("Booting from ROM...\niPXE (PCI 00:03.0) starting execution...ok\n");
        print("iPXE initialising devices...ok\n\n");
        print("net0: 52:54:00:12:34:56 using 82540em on 0000:00:03.0 (open)\n");
        print("Configuring (net0 52:54:00:12:34:56)....");
        publish();
        later(700, () -> {
            print("...... No configuration methods succeeded\n");
            print("No more network devices\n\n");
            publish();
            later(300, this::noBootableDevice);
        });
    }

    private void noBootableDevice() {
        enter(Phase.NO_BOOT);
        print("No bootable device.\n");
        publish();
    }

    private void setup() {
        enter(Phase.SETUP);
        graphicsMode(0x0000AA);
        int blue = 0x0000AA, white = 0xFFFFFF, grey = 0xAAAAAA, cyan = 0x00AAAA;
        canvas.fill(0, 0, GRAPHICS_W, 32, cyan);
        canvas.text(32, 8, MODEL + " Setup Utility", 0x000000, cyan);
        canvas.box(32, 48, 0, 0, 60, 14, white, blue);
        canvas.textAt(32, 48, 1, 2, "Boot Options", white, blue);
        canvas.textAt(32, 48, 3, 2, "Boot Option #1          [Hard Disk: SATA 0]", grey, blue);
        canvas.textAt(32, 48, 4, 2, "Boot Option #2          [Network: PXE IPv4]", grey, blue);
        canvas.textAt(32, 48, 5, 2, "Boot Mode               [Legacy BIOS]", grey, blue);
        canvas.textAt(32, 48, 12, 2, "Esc: Exit   F10: Save and Exit", white, blue);
        publish();
    }

    private void diskBoot() {
        if (scenario == Scenario.BSOD) {
            windowsBoot();
            return;
        }
        enter(Phase.LINUX_BOOT);
        print("Booting from Hard Disk...\n");
        publish();
        later(300, () -> {
            text.clear().cursor(0, 0);
            print("Loading Linux 6.1.0-sandbox-amd64 ...\nLoading initial ramdisk ...\n");
            publish();
            later(300, () -> {
                print("[    0.000000] Linux version 6.1.0-sandbox-amd64 (Debian 6.1.174-1)\n");
                print("[    0.512031] ACPI: Core revision 20220331\n");
                print("[    1.101544] sd 0:0:0:0: [sda] 41943040 512-byte logical blocks\n");
                publish();
                later(300, this::afterKernel);
            });
        });
    }

    private void afterKernel() {
        if (scenario == Scenario.KERNEL_PANIC && fault) {
            fault = false; // the panic was transient: the next boot is clean
            panic("VFS: Unable to mount root fs on unknown-block(0,0)");
        } else if (scenario == Scenario.FSCK && fault) {
            fsckQuestion(1);
        } else {
            loginPrompt();
        }
    }

    private void panic(String why) {
        enter(Phase.PANIC);
        print("[    1.509260] No filesystem could mount root, tried:\n[    1.509273]\n");
        print("[    1.509523] Kernel panic - not syncing: " + why + "\n");
        print("[    1.509848] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-sandbox-amd64 #1\n");
        print("[    1.510517] Call Trace:\n[    1.511046]  <TASK>\n[    1.511345]  dump_stack_lvl+0x44/0x5c\n");
        print("[    1.511642]  panic+0x118/0x2f4\n[    1.512464]  </TASK>\n");
        print("[    1.512590] ---[ end Kernel panic - not syncing: " + why + " ]---\n");
        text.cursorVisible(false);
        publish();
    }

    private void fsckQuestion(int n) {
        enter(Phase.FSCK);
        typed.setLength(0);
        if (n == 1) {
            print("[    2.021880] EXT4-fs (sda1): warning: mounting fs with errors, running e2fsck is recommended\n");
            print("fsck from util-linux 2.38.1\n");
            print("/dev/sda1 contains a file system with errors, check forced.\n");
            print("Pass 1: Checking inodes, blocks, and sizes\nPass 2: Checking directory structure\n");
            print("Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>? ");
        } else {
            print("Pass 3: Checking directory connectivity\nPass 4: Checking reference counts\n");
            print("Pass 5: Checking group summary information\nBlock bitmap differences:  -(1173--1279)\nFix<y>? ");
        }
        publish();
        questionNumber = n;
    }

    private int questionNumber;

    private void fsckAnswer(char c) {
        enter(Phase.LINUX_BOOT); // e2fsck is working: more keys are not answers
        print((c == 'y' ? "yes" : "no") + "\n\n");
        publish();
        if (c == 'n') {
            later(300, () -> {
                enter(Phase.EMERGENCY);
                print("/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n");
                print("        (i.e., without -a or -p options)\nfsck exited with status code 4\n");
                print("The root filesystem on /dev/sda1 requires a manual fsck\n\n");
                print("Give root password for maintenance\n(or press Control-D to continue): ");
                publish();
            });
        } else if (questionNumber == 1) {
            later(250, () -> fsckQuestion(2));
        } else {
            later(250, () -> {
                fault = false;
                print("\n/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****\n");
                print("/dev/sda1: 11/65536 files (0.0% non-contiguous), 12955/262144 blocks\n");
                publish();
                later(300, this::loginPrompt);
            });
        }
    }

    private void loginPrompt() {
        enter(Phase.LOGIN);
        typed.setLength(0);
        text.clear().cursor(0, 0).cursorVisible(true);
        text.write("Debian GNU/Linux 12 sandbox tty1\n\nsandbox login: ");
        serial.print("\nDebian GNU/Linux 12 sandbox ttyS0\n\nsandbox login: "); // ttyS0's own getty
        publish();
        long relapse = relapseMillis;
        if (relapse >= 0 && scenario != Scenario.HEALTHY) later(relapse, () -> breakDown(scenario));
    }

    private void windowsBoot() {
        enter(Phase.WINDOWS_BOOT);
        graphicsMode(0x000000);
        canvas.text(GRAPHICS_W / 2 - 8 * 9, GRAPHICS_H / 2, "Starting Windows", 0xFFFFFF, 0x000000);
        publish();
        later(500, () -> {
            if (fault) {
                fault = false;
                enter(Phase.BSOD);
                int blue = 0x0078D7, white = 0xFFFFFF;
                graphicsMode(blue);
                canvas.text(96, 160, ":(", white, blue);
                canvas.text(96, 224, "Your PC ran into a problem and needs to restart. We're just", white, blue);
                canvas.text(96, 240, "collecting some error info, and then we'll restart for you.", white, blue);
                canvas.text(96, 288, "100% complete", white, blue);
                canvas.text(96, 352, "For more information about this issue and possible fixes, visit", white, blue);
                canvas.text(96, 368, "https://www.windows.com/stopcode", white, blue);
                canvas.text(96, 416, "If you call a support person, give them this info:", white, blue);
                canvas.text(96, 432, "Stop code: CRITICAL_PROCESS_DIED", white, blue);
                publish();
            } else {
                enter(Phase.SIGN_IN);
                graphicsMode(0x1F3F5F);
                canvas.text(GRAPHICS_W / 2 - 8 * 10, 300, "Windows Server 2022", 0xFFFFFF, 0x1F3F5F);
                canvas.text(GRAPHICS_W / 2 - 8 * 17, 340, "Press Ctrl+Alt+Delete to sign in.", 0xFFFFFF, 0x1F3F5F);
                publish();
            }
        });
    }

    private void handleKey(int keysym, boolean down) {
        if (keysym == KS_CTRL_L || keysym == KS_CTRL_R) { ctrl = down; return; }
        if (keysym == KS_ALT_L || keysym == KS_ALT_R) { alt = down; return; }
        if (!down || power != PowerState.ON) return;
        String name = keyName(keysym);
        String key = "key " + (ctrl ? "ctrl-" : "") + (alt ? "alt-" : "");
        if (name.length() == 1 && !ctrl && !alt) {
            // A typed character is kept in the history but not told to the run log: what is typed
            // may be a password, and a log of single characters cannot be masked.
            history.add(key + name);
            events.accept(key + "(a character)");
        } else {
            record(key + name);
        }
        if (ctrl && alt && keysym == KS_DELETE) {
            // The BIOS and a running OS reboot on ctrl-alt-delete; a panicked kernel does not.
            if (phase == Phase.SIGN_IN) return;
            if (phase != Phase.PANIC && phase != Phase.BSOD) startPower();
            return;
        }
        switch (phase) {
            case POST_ERROR -> {
                if (keysym == KS_F1) {
                    fault = false;
                    enter(Phase.POST); // POST goes on at once: another F1 is not another boot
                    print("\n");
                    publish();
                    later(200, this::bootDevice);
                } else if (keysym == KS_F2) {
                    setup();
                }
            }
            case POST -> { if (keysym == KS_F2) setup(); }
            case SETUP -> { if (keysym == KS_ESCAPE || keysym == 0xffc7 /* F10 */) startPower(); }
            case FSCK -> {
                char c = Character.toLowerCase((char) keysym);
                if (c == 'y' || c == 'n') fsckAnswer(c);
            }
            case LOGIN, PASSWORD, EMERGENCY -> lineInput(keysym);
            default -> { } // a frozen or busy machine ignores keys
        }
    }

    private void lineInput(int keysym) {
        if (keysym == KS_RETURN) {
            print("\n");
            if (phase == Phase.LOGIN && typed.length() > 0) {
                enter(Phase.PASSWORD);
                print("Password: ");
            } else if (phase == Phase.PASSWORD) {
                print("\nLogin incorrect\nsandbox login: ");
                enter(Phase.LOGIN);
            } else if (phase == Phase.EMERGENCY) {
                print("Login incorrect\nGive root password for maintenance\n(or press Control-D to continue): ");
            } else {
                print("sandbox login: ");
            }
            typed.setLength(0);
        } else if (keysym == KS_BACKSPACE) {
            if (typed.length() > 0) {
                typed.setLength(typed.length() - 1);
                if (phase == Phase.LOGIN) {
                    text.cursor(text.cursorRow(), Math.max(0, text.cursorCol() - 1));
                    text.put(text.cursorRow(), text.cursorCol(), " ");
                    serial.print("\b \b");
                }
            }
        } else if (keysym >= 0x20 && keysym < 0x7f) {
            typed.append((char) keysym);
            if (phase == Phase.LOGIN) print(String.valueOf((char) keysym)); // passwords are not echoed
        }
        publish();
    }

    private static String keyName(int keysym) {
        if (keysym >= 0x20 && keysym < 0x7f) return String.valueOf((char) keysym);
        if (keysym >= KS_F1 && keysym < KS_F1 + 12) return "F" + (keysym - KS_F1 + 1);
        return switch (keysym) {
            case KS_RETURN -> "Enter";
            case KS_ESCAPE -> "Esc";
            case KS_BACKSPACE -> "Backspace";
            case KS_DELETE -> "Delete";
            default -> String.format("0x%04x", keysym);
        };
    }

    // ---- the screen ------------------------------------------------------------------------

    private void blank() {
        textMode();
        text.colors(VgaColor.LIGHT_GRAY, VgaColor.BLACK).clear().cursorVisible(false);
        publish();
    }

    /** Writes on the text-mode screen and the serial line alike. */
    private void print(String s) {
        text.write(s);
        serial.print(s);
    }

    private void textMode() {
        canvas = null;
    }

    private void graphicsMode(int background) {
        canvas = new BitmapCanvas(GRAPHICS_W, GRAPHICS_H).clear(background);
    }

    private void publish() {
        BufferedImage image;
        Rectangle changed;
        if (canvas == null) {
            boolean sizeChanged = shown == null || shown.getWidth() != text.pixelWidth();
            TextModeRenderer.Update update = renderer.update(text);
            if (update.changed().isEmpty() && !sizeChanged) return;
            image = Images.copy(update.image());
            changed = sizeChanged ? new Rectangle(0, 0, image.getWidth(), image.getHeight()) : update.changed().get();
        } else {
            Rectangle full = new Rectangle(0, 0, GRAPHICS_W, GRAPHICS_H);
            changed = shown == null || shown.getWidth() != GRAPHICS_W ? full : canvas.changedSince(shown, 16).orElse(null);
            if (changed == null) return;
            image = canvas.snapshot();
        }
        shown = image;
        display.show(image, changed);
    }

    private void record(String event) {
        history.add(event);
        events.accept(event);
    }

    /** Runs {@code step} after {@code millis} (times the pace), unless the machine was reset or powered off since. */
    private void later(long millis, Runnable step) {
        int at = epoch;
        thread.schedule(() -> {
            if (epoch == at) step.run();
        }, Math.round(millis * pace), TimeUnit.MILLISECONDS);
    }

    private void on(Runnable r) {
        if (!thread.isShutdown()) thread.execute(r);
    }

    private <T> T onAndWait(java.util.concurrent.Callable<T> c) {
        try {
            return thread.submit(c).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the sandbox machine did not answer: " + e, e);
        }
    }
}
