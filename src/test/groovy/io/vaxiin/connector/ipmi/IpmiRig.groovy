package io.vaxiin.connector.ipmi

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.BlockingQueue
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.regex.Matcher
import java.util.regex.Pattern

import static io.vaxiin.connector.rfb.RfbRig.awaitPort
import static io.vaxiin.connector.rfb.RfbRig.freePort
import static io.vaxiin.connector.rfb.RfbRig.freePortBetween
import static io.vaxiin.connector.rfb.RfbRig.listening
import static io.vaxiin.connector.rfb.RfbRig.require
import static io.vaxiin.connector.rfb.RfbRig.start
import static io.vaxiin.connector.rfb.RfbRig.stop

/**
 * Real IPMI v2.0 peers for the specs of the RMCP+ client, started on free loopback ports and
 * stopped by handle (RfbRig's helpers; liveness by RMCP presence ping and TCP ports, never ps):
 * <ul>
 * <li>{@link #chassis(Map)}: OpenIPMI's ipmi_sim whose chassis is a bash script of the rig's
 *     (power and boot device kept in files, every call logged: {@link Chassis#calls()});
 *     with {@code qmp: PORT} the script drives a QEMU instead;</li>
 * <li>{@link #seabiosPc(Map)}: a diskless QEMU PC (SeaBIOS "No bootable device." on its VNC)
 *     whose power and reset are rig (a) over QMP; {@link SeabiosPc#resets()} counts QEMU's own
 *     RESET events; with {@code disk: MODE} it has a bootable disk (SYSLINUX, the Debian kernel,
 *     the busybox initrd) but tries the network first, and IPMI's boot device decides;</li>
 * <li>{@link #vm(Map)}: ipmi_sim owning a QEMU VM (ipmi-bmc-extern over a KCS chardev) that boots
 *     the Debian kernel of {@code bin/test-kernel} with a busybox initrd; its ttyS0 is SOL.</li>
 * </ul>
 * Each rig: {@code host} (127.0.0.1), {@code port}/{@code ipmiPort} (UDP), {@code username}
 * admin, {@code password} password ({@link #USERS}: also an operator, a user-level user and a
 * 19-character password), {@code ipmitool(...)} and {@code sol()} to cross-check with ipmitool,
 * {@code close()}. {@code VAXIIN_RIG_KEEP=1} keeps each rig's folder (logs, scripts) after close.
 *
 * What an IPMI client author needs to know about these peers (sessions, chassis, boot flags, SOL
 * traps, timings), measured against them, is in {@code IPMI-SIM-FACTS.md} beside this file.
 */
abstract class IpmiRig implements AutoCloseable {

    /** A user of the rig's BMC (lan.conf {@code user} lines). */
    static final class User {
        final int id
        final String name
        final String password
        /** ipmi_sim's word: {@code admin}, {@code operator} or {@code user}. */
        final String privilege

        User(int id, String name, String password, String privilege) {
            this.id = id
            this.name = name
            this.password = password
            this.privilege = privilege
        }

        @Override
        String toString() { "user $id $name ($privilege)" }
    }

    /** user 2: administrator, the one {@link #username}/{@link #password} name. */
    static final User ADMIN = new User(2, 'admin', 'password', 'admin')
    /** user 3: operator level (power and boot, no user management). */
    static final User OPERATOR = new User(3, 'operator', 'operpass', 'operator')
    /** user 4: user level (reads only, but ipmi_sim does not enforce a user's level: see Sessions above). */
    static final User VIEWER = new User(4, 'viewer', 'viewpass', 'user')
    /** user 5: administrator with a 19-character password, the longest lan.conf keeps whole. */
    static final User LONG_PASSWORD = new User(5, 'longpass', '0123456789abcdefghi', 'admin')
    static final List<User> USERS = [ADMIN, OPERATOR, VIEWER, LONG_PASSWORD].asImmutable()

    final String host = '127.0.0.1'
    /** The BMC's RMCP/RMCP+ port (UDP). */
    final int port
    final String username = ADMIN.name
    final String password = ADMIN.password
    /** The rig's own folder: lan.conf, bmc.emu, scripts, logs, ipmi_sim's state. */
    final Path dir

    protected Process sim

    protected IpmiRig(String prefix) {
        require('ipmi_sim')
        require('ipmitool')
        dir = Files.createTempDirectory(prefix)
        port = freeUdpPort()
    }

    int getIpmiPort() { port }

    List<User> getUsers() { USERS }

    /** The log of ipmi_sim itself: start-up errors only (later it logs to syslog, which is not there). */
    String simLog() { read(dir.resolve('ipmi_sim.log')) }

    /** The ipmitool command line for this BMC (lanplus, cipher suite 3, password from IPMI_PASSWORD). */
    List<String> ipmitoolCommand(User user = ADMIN, List<String> args) {
        ['ipmitool', '-I', 'lanplus', '-C', '3', '-H', host, '-p', "$port".toString(), '-U', user.name, '-E'] + args
    }

    /** Runs ipmitool against this BMC and waits for it. */
    Run ipmitool(User user = ADMIN, String... args) {
        ipmitool(user, args as List<String>)
    }

    Run ipmitool(User user = ADMIN, List<String> args) {
        run(ipmitoolCommand(user, args), [IPMI_PASSWORD: user.password], 30_000)
    }

    /** Opens ipmitool's SOL console ({@code sol activate}) under a pseudo-terminal. */
    IpmitoolSol sol(User user = ADMIN) {
        new IpmitoolSol(this, user)
    }

    /** The result of a command: exit code, stdout, stderr. */
    static final class Run {
        final List<String> command
        final int exit
        final String out
        final String err

        Run(List<String> command, int exit, String out, String err) {
            this.command = command
            this.exit = exit
            this.out = out
            this.err = err
        }

        /** stdout and stderr, for assertion messages. */
        String getText() { (out + err).trim() }

        @Override
        String toString() { "${command.join(' ')} -> $exit: $text" }
    }

    static Run run(List<String> command, Map<String, String> env = [:], long timeoutMs = 30_000) {
        def pb = new ProcessBuilder(command)
        pb.environment().putAll(env)
        def out = Files.createTempFile('ipmirig-out', '.txt')
        def err = Files.createTempFile('ipmirig-err', '.txt')
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
            def p = pb.start()
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS)
                throw new IllegalStateException("${command.join(' ')} did not end within $timeoutMs ms")
            }
            new Run(command, p.exitValue(), read(out), read(err))
        } finally {
            Files.deleteIfExists(out)
            Files.deleteIfExists(err)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (a) ipmi_sim with a chassis_control script

    /**
     * ipmi_sim whose chassis is a script of the rig's (power and boot state in files, every call
     * logged). Options:
     * <ul>
     * <li>{@code power: 'on'|'off'} the power state it starts with (default on; not with qmp)</li>
     * <li>{@code boot: 'none'|'pxe'|'default'|'cdrom'|'bios'} the boot device it starts with (default none)</li>
     * <li>{@code qmp: PORT} drive a QEMU through its QMP port instead of a file: power is QEMU's
     *     run state (off = paused), on = reset and continue, reset = system_reset, soft =
     *     system_powerdown (an ACPI button press a guest may ignore)</li>
     * <li>{@code bootDevices: [WORD: ID]} with qmp, for a QEMU run with {@code -boot strict=on}: the
     *     QOM id (under /machine/peripheral) of the device each boot word boots; {@code set boot
     *     WORD} then leaves that device alone in QEMU's boot order (its bootindex 1, the others'
     *     -1), which SeaBIOS follows from the next reset; a word without a device fails (0xFF)</li>
     * </ul>
     */
    static Chassis chassis(Map opts = [:]) {
        new Chassis(opts)
    }

    static class Chassis extends IpmiRig {
        final Integer qmpPort

        Chassis(Map opts) {
            super('ipmi-chassis')
            qmpPort = opts.qmp as Integer
            if (qmpPort != null) require('socat')
            def power = (opts.power ?: 'on').toString()
            if (!(power in ['on', 'off'])) throw new IllegalArgumentException("power: 'on' or 'off', not '$power'")
            Files.writeString(dir.resolve('power'), power == 'on' ? '1\n' : '0\n')
            Files.writeString(dir.resolve('boot'), "${opts.boot ?: 'none'}\n")
            Files.writeString(dir.resolve('calls.log'), '')
            def script = dir.resolve('chassis.sh')
            def bootDevices = (opts.bootDevices ?: [:]) as Map
            if (bootDevices && qmpPort == null) throw new IllegalArgumentException('bootDevices: only with qmp:')
            Files.writeString(script, CHASSIS_SCRIPT.replace('@DIR@', dir.toString()).replace('@QMP@', qmpPort?.toString() ?: '')
                    .replace('@BOOT_DEVICES@', bootDevices.collect { word, id -> "$word=$id" }.join(' ')))
            script.toFile().setExecutable(true)
            startSim(["chassis_control \"$script 0x20\""])
        }

        /** Every call of ipmi_sim to the chassis script, oldest first, without the MC address: "set power 0", "get boot". */
        List<String> calls() {
            Files.readAllLines(dir.resolve('calls.log')).findAll { it }
        }

        /** The calls after the first {@code from} (take {@code calls().size()} before acting). */
        List<String> callsSince(int from) {
            def all = calls()
            all.size() > from ? all.subList(from, all.size()) : []
        }

        /** Waits until a call matching the pattern comes after the first {@code from} calls; returns it. */
        String awaitCall(Pattern pattern, int from = 0, long timeoutMs = 10_000) {
            long deadline = System.currentTimeMillis() + timeoutMs
            while (true) {
                def hit = callsSince(from).find { it ==~ pattern }
                if (hit) return hit
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("no chassis call like /$pattern/ within $timeoutMs ms; calls since $from: ${callsSince(from)}".toString())
                }
                Thread.sleep(50)
            }
        }

        /** The power state the script keeps (without qmp): true when on. */
        boolean powerFile() { read(dir.resolve('power')).trim() == '1' }

        /** The boot device the script keeps, in ipmi_sim's words (none, pxe, default, cdrom, bios). */
        String bootFile() { read(dir.resolve('boot')).trim() }

        /**
         * Makes the script fail (exit 1, which ipmi_sim answers with completion code 0xFF) for the calls
         * that start with one of the prefixes, e.g. "set power", "get"; none to fail nothing again.
         */
        void failCalls(String... prefixes) {
            Files.writeString(dir.resolve('fail'), prefixes.collect { it + '\n' }.join(''))
        }

        @Override
        void close() {
            stopSim()
            removeDir()
        }
    }

    static final String CHASSIS_SCRIPT = IpmiRig.getResource('chassis.sh').text

    // ---------------------------------------------------------------------------------------------
    // (b) a SeaBIOS PC whose power is rig (a) with qmp:

    /**
     * A QEMU PC whose power and reset are IPMI: rig (a) drives it over QMP. {@link SeabiosPc#resets}
     * counts the resets QEMU reports (QMP RESET events not caused by the guest). Without options it
     * has no disk: SeaBIOS says "No bootable device." on its VGA console, served by QEMU's VNC.
     * Options:
     * <ul>
     * <li>{@code guest: MODE} (one of {@link #MODES}): SeaBIOS boots the VM rig's kernel and initrd
     *     from QEMU's -kernel, the last console on the VGA screen (prompts there)</li>
     * <li>{@code disk: MODE} (one of {@link #MODES}; not with guest): a PC booted from the wrong
     *     device. It has a bootable IDE disk ({@link BootDisk}: SYSLINUX, the same kernel and
     *     initrd, prompts on the VGA screen), an e1000 whose iPXE finds no boot server ("No more
     *     network devices") and an empty CD drive. QEMU runs with {@code -boot strict=on}: SeaBIOS
     *     boots the one device of the IPMI boot device and else says "No bootable device.", from
     *     the next reset: pxe the network, default the disk, cdrom the CD drive; none and bios
     *     (SeaBIOS has no setup) the PC's own order, which is the network. So it starts at "No
     *     bootable device.", and after {@code chassis bootdev disk} and a reset it boots its disk
     *     to MODE's prompt ({@link #DISK_PC_BOOT_DEVICES})</li>
     * <li>{@code pxe: false} (with a disk) the NIC without its boot ROM: nothing boots from the
     *     network, and SeaBIOS says "No bootable device." at once (0.1 s after QEMU starts); default
     *     true, iPXE: "No more network devices" after about 5.5 s, "No bootable device." after 7.5 s</li>
     * <li>{@code boot:} the boot device it starts with (rig (a)'s option, default none); with a
     *     disk also the device QEMU boots first</li>
     * </ul>
     */
    static SeabiosPc seabiosPc(Map opts = [:]) {
        new SeabiosPc(opts)
    }

    /** The QOM id of the device each boot word boots on {@code seabiosPc(disk: MODE)}. */
    static final Map<String, String> DISK_PC_BOOT_DEVICES =
            [none: 'nic', pxe: 'nic', default: 'disk', cdrom: 'cd', bios: 'nic'].asImmutable()

    static class SeabiosPc implements AutoCloseable {
        final Path dir
        final int vncPort
        /** The QMP port the chassis script uses (one client at a time, so the rig listens on another). */
        final int qmpPort
        /** The QMP port the rig's own listener holds, for events and queries. */
        final int eventsPort
        /** With {@code disk:}, the image QEMU boots (shared, opened with snapshot=on); else null. */
        final Path diskImage
        final Process qemu
        final QmpMonitor monitor
        final Chassis chassis

        SeabiosPc(Map opts) {
            require('qemu-system-x86_64')
            if (opts.guest && opts.disk) throw new IllegalArgumentException('guest: or disk:, not both')
            if (opts.guest) Vm.checkMode(opts.guest.toString())
            def boot = (opts.boot ?: 'none').toString()
            if (opts.disk && !DISK_PC_BOOT_DEVICES.containsKey(boot)) {
                throw new IllegalArgumentException("boot: one of ${DISK_PC_BOOT_DEVICES.keySet()}, not '$boot'")
            }
            if (opts.containsKey('pxe') && !opts.disk) throw new IllegalArgumentException('pxe: only with disk:')
            diskImage = opts.disk ? BootDisk.path(opts.disk.toString()) : null
            dir = Files.createTempDirectory('ipmi-seabios')
            vncPort = freePortBetween(6000, 9000)
            qmpPort = freePort()
            eventsPort = freePort()
            // guest: a mode of the VM rig's guest, booted by SeaBIOS from -kernel with its last console on
            // the VGA screen (prompts there); CMOS keeps its boot count over the resets that stand for power on
            def guest = opts.guest ? ['-kernel', kernelImage().toString(), '-initrd', Initrd.path().toString(),
                                      '-append', "console=ttyS0 console=tty0 quiet vaxiin.mode=${opts.guest}".toString()] : []
            def disk = diskImage ? diskDevices(diskImage, DISK_PC_BOOT_DEVICES[boot], opts.pxe != false) : []
            qemu = start(['qemu-system-x86_64', '-accel', 'tcg', '-m', opts.guest || opts.disk ? '256' : '128', '-nic', 'none', '-display', 'none',
                          *guest, *disk, '-vnc', "127.0.0.1:${vncPort - 5900}",
                          // SeaBIOS's own log (its debug port): which device it tried, on every boot
                          '-chardev', "file,id=seabios,path=${dir.resolve('seabios.log')}", '-device', 'isa-debugcon,iobase=0x402,chardev=seabios',
                          '-qmp', "tcp:127.0.0.1:$qmpPort,server,nowait",
                          '-qmp', "tcp:127.0.0.1:$eventsPort,server,nowait"], [:], dir.resolve('qemu.log').toFile())
            try {
                awaitPort(eventsPort, qemu, 10_000, 'QEMU (QMP)')
                awaitPort(qmpPort, qemu, 10_000, 'QEMU (QMP)')
                awaitPort(vncPort, qemu, 10_000, 'QEMU (VNC)')
                monitor = new QmpMonitor(eventsPort)
                chassis = new Chassis((opts.findAll { !(it.key in ['guest', 'disk', 'pxe']) } + [qmp: qmpPort] +
                        (diskImage ? [bootDevices: DISK_PC_BOOT_DEVICES] : [:])) as Map)
            } catch (Throwable t) {
                close()
                throw t
            }
        }

        /**
         * The devices of a PC with a disk, {@code first} (a QOM id) the one with a bootindex. The network
         * is QEMU's user network, restricted (nothing leaves it): its DHCP answers iPXE, with no boot file.
         */
        private static List<String> diskDevices(Path image, String first, boolean pxe) {
            def bootindex = { String id -> id == first ? ',bootindex=1' : '' }
            ['-boot', 'strict=on',
             '-netdev', 'user,id=lan,restrict=on', '-device', "e1000,netdev=lan,id=nic${pxe ? '' : ',romfile='}${bootindex('nic')}",
             '-drive', "if=none,id=hd0,file=$image,format=raw,snapshot=on", '-device', "ide-hd,drive=hd0,bus=ide.0,unit=0,id=disk${bootindex('disk')}",
             '-device', "ide-cd,bus=ide.1,unit=0,id=cd${bootindex('cd')}"].collect { it.toString() }
        }

        String getHost() { chassis.host }
        int getPort() { chassis.port }
        int getIpmiPort() { chassis.port }
        String getUsername() { chassis.username }
        String getPassword() { chassis.password }
        int getVncDisplay() { vncPort - 5900 }

        /** How many times QEMU reset the machine on the host's request (QMP RESET events with guest false). */
        int resets() {
            monitor.events('RESET').count { !it.data?.guest } as int
        }

        /** QEMU's run state now (QMP query-status): running, paused, ... */
        String status() {
            monitor.execute('query-status').status
        }

        /**
         * SeaBIOS's debug log over all boots since QEMU started: each boot begins with "SeaBIOS
         * (version", then its boot order ("1: /pci@i0cf8/ide@1,1/drive@0/disk@0", "2: HALT"), "Booting
         * from Hard Disk..." or "No bootable device.". What it prints on the screen is in it too.
         */
        String firmwareLog() { read(dir.resolve('seabios.log')).replace('\u0000', '') }

        /**
         * The text in the VGA text memory now (32 KiB at 0xB8000 through QMP pmemsave, the character
         * bytes), in lines of 80 without the blank ones: what SeaBIOS, SYSLINUX and the kernel's vgacon
         * wrote, a witness of the screen that needs no reading of pixels. vgacon scrolls inside that
         * memory, so lines already scrolled off the screen may still be there.
         */
        String vgaText() {
            def f = dir.resolve("vga-${System.nanoTime()}.bin")
            monitor.execute('pmemsave', [val: 0xB8000, size: 32768, filename: f.toString()])
            byte[] memory = Files.readAllBytes(f)
            Files.delete(f)
            def chars = new StringBuilder()
            for (int i = 0; i < memory.length; i += 2) chars.append((char) (memory[i] & 0xff))
            chars.toString().toList().collate(80)*.join('').collect { it.replace('\u0000', ' ').stripTrailing() }.findAll { it }.join('\n')
        }

        Run ipmitool(User user = ADMIN, String... args) { chassis.ipmitool(user, args) }

        List<String> calls() { chassis.calls() }

        @Override
        void close() {
            chassis?.close()
            monitor?.close()
            stop(qemu, vncPort)
            dir.toFile().deleteDir()
        }
    }

    /**
     * Bootable disk images for {@code seabiosPc(disk: MODE)}: a FAT file system filling the disk (no
     * partition table, as USB sticks are often made) with SYSLINUX in its boot sector, the kernel of
     * bin/test-kernel and the busybox initrd, its syslinux.cfg booting them at once with
     * {@code vaxiin.mode=MODE} and the last console on the VGA screen. Made without root (dosfstools'
     * mkfs.vfat, syslinux's mtools installer, mcopy) in about 50 ms, once per JVM for each kernel,
     * initrd and mode, in a folder removed when the JVM ends. QEMU opens an image with snapshot=on:
     * PCs share it and never change it.
     */
    static final class BootDisk {
        private static final Path FOLDER = folder()

        static final String SYSLINUX_CFG = '''\
            DEFAULT vaxiin
            PROMPT 0
            TIMEOUT 0
            LABEL vaxiin
              KERNEL /vmlinuz
              INITRD /initrd
              APPEND console=ttyS0 console=tty0 quiet vaxiin.mode=@MODE@
            '''.stripIndent()

        /** The image for a guest mode (one of {@link #MODES}), made on first use. */
        static synchronized Path path(String mode) {
            Vm.checkMode(mode)
            def kernel = kernelImage()
            def initrd = Initrd.path()
            def key = [kernel, Files.size(kernel), Files.getLastModifiedTime(kernel).toMillis(), initrd, Files.size(initrd)].join('|')
            def image = FOLDER.resolve("$mode-${key.digest('SHA-256').take(12)}.img")
            if (!Files.exists(image)) build(kernel, initrd, mode, image)
            image
        }

        private static void build(Path kernel, Path initrd, String mode, Path image) {
            def mkfs = sbin('mkfs.vfat')
            def syslinux = require('syslinux')
            def mcopy = require('mcopy')
            def work = Files.createTempDirectory(FOLDER, 'build')
            try {
                def cfg = work.resolve('syslinux.cfg')
                Files.writeString(cfg, SYSLINUX_CFG.replace('@MODE@', mode))
                // the files, plus room for SYSLINUX, the FATs and the root directory
                long kib = ((Files.size(kernel) + Files.size(initrd)) >> 20) * 1024 + 4096
                def img = work.resolve('disk.img')
                // mtools checks a disk's geometry against its size; an image has none to agree with
                def env = [MTOOLS_SKIP_CHECK: '1']
                [[mkfs, '-C', '-n', 'VAXIIN', img, kib],
                 [syslinux, '--install', img],
                 [mcopy, '-i', img, cfg, '::syslinux.cfg'],
                 [mcopy, '-i', img, kernel, '::vmlinuz'],
                 [mcopy, '-i', img, initrd, '::initrd']].each { List step ->
                    def r = run(step.collect { it.toString() }, env)
                    if (r.exit != 0) throw new IllegalStateException("making the boot disk failed: $r")
                }
                Files.move(img, image)
            } finally {
                work.toFile().deleteDir()
            }
        }

        /** Where a dosfstools binary is: on PATH, or in /usr/sbin or /sbin, which a user's PATH may lack. */
        private static String sbin(String binary) {
            def dirs = (System.getenv('PATH') ?: '').split(':').toList() + ['/usr/sbin', '/sbin']
            def found = dirs.collect { Path.of(it, binary) }.find { Files.isExecutable(it) }
            if (found == null) throw new IllegalStateException("$binary is not installed: this test needs it (bin/test-deps installs dosfstools)")
            found.toString()
        }

        private static Path folder() {
            def f = Files.createTempDirectory('ipmi-bootdisk')
            Runtime.runtime.addShutdownHook(new Thread({ f.toFile().deleteDir() }))
            f
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (c) ipmi_sim owning a VM that boots a real Debian kernel

    /** Modes of the guest, read from {@code vaxiin.mode=} on its kernel command line (IPMI-SIM-FACTS.md, The guest). */
    static final List<String> MODES = ['prompt', 'panic-then-login', 'flood', 'login'].asImmutable()

    /**
     * ipmi_sim owning a QEMU VM through ipmi-bmc-extern (KCS), its serial port carried by SOL. The VM
     * boots the Debian kernel of bin/test-kernel with the rig's busybox initrd. Options:
     * <ul>
     * <li>{@code mode:} one of {@link #MODES} (default prompt); {@link Vm#mode(String)} changes it for the next power on</li>
     * <li>{@code flood:} bytes the flood mode writes (default 65536)</li>
     * <li>{@code panic: 'sysrq'|'vfs'} how panic-then-login panics on its first boot: from init through
     *     /proc/sysrq-trigger (default; a reset then boots to login) or with no initrd and root=/dev/nonexistent
     *     ("VFS: Unable to mount root fs"; every reset panics again, only a power cycle boots to login)</li>
     * <li>{@code power: 'on'|'off'} whether ipmi_sim starts the VM at once (default on)</li>
     * <li>{@code memory:} MiB (default 256); {@code quiet:} the kernel's quiet (default true);
     *     {@code append:} more kernel parameters; {@code vnc: true} a VGA console on VNC ({@link Vm#vncPort})</li>
     * <li>{@code poweroffWait:}/{@code killWait:} seconds ipmi_sim waits on power off (default 2/2)</li>
     * </ul>
     */
    static Vm vm(Map opts = [:]) {
        new Vm(opts)
    }

    static class Vm extends IpmiRig {
        /** ipmi_sim listens here for the VM's ipmi-bmc-extern chardev (QEMU connects, reconnect=10). */
        final int kcsPort
        /** QEMU listens here for the serial port (wait=on); ipmi_sim connects as the SOL device. */
        final int solPort
        /** QMP of the QEMU that runs now (a new QEMU each power on, on the same port). */
        final int qmpPort
        /** The VGA console's VNC port with {@code vnc: true} (the kernel's messages and a panic show there), else 0. */
        final int vncPort
        final Path kernel
        final Path initrd

        Vm(Map opts) {
            super('ipmi-vm')
            require('qemu-system-x86_64')
            require('script')
            def mode = (opts.mode ?: 'prompt').toString()
            checkMode(mode)
            kernel = kernelImage()
            initrd = Initrd.path()
            kcsPort = freePort()
            solPort = freePort()
            qmpPort = freePort()
            Files.writeString(dir.resolve('mode'), mode + '\n')
            Files.writeString(dir.resolve('flood'), "${opts.flood ?: 65536}\n")
            def panic = (opts.panic ?: 'sysrq').toString()
            if (!(panic in ['sysrq', 'vfs'])) throw new IllegalArgumentException("panic: 'sysrq' or 'vfs', not '$panic'")
            // with a VGA console (vnc: true) the kernel writes to tty0 too; the last console= stays
            // ttyS0, so init's prompts are on the serial line only
            vncPort = opts.vnc ? freePortBetween(5910, 5990) : 0
            def append = (opts.vnc ? ['console=tty0'] : []) + ['console=ttyS0'] + (opts.quiet == false ? [] : ['quiet']) +
                    (opts.append ? [opts.append.toString()] : [])
            def script = dir.resolve('startvm.sh')
            Files.writeString(script, STARTVM_SCRIPT
                    .replace('@DIR@', dir.toString())
                    .replace('@KERNEL@', kernel.toString())
                    .replace('@INITRD@', initrd.toString())
                    .replace('@MEMORY@', (opts.memory ?: 256).toString())
                    .replace('@APPEND@', append.join(' '))
                    .replace('@PANIC@', panic)
                    .replace('@KCS@', kcsPort.toString())
                    .replace('@SOL@', solPort.toString())
                    .replace('@QMP@', qmpPort.toString())
                    .replace('-display none', vncPort ? "-display none -vnc 127.0.0.1:${vncPort - 5900}" : '-display none'))
            script.toFile().setExecutable(true)
            boolean on = (opts.power ?: 'on') == 'on'
            startSim(["serial kcs 127.0.0.1 $kcsPort codec VM",
                      "startcmd \"$script\"",
                      "startnow ${on}",
                      "poweroff_wait ${opts.poweroffWait ?: 2}",
                      "kill_wait ${opts.killWait ?: 2}",
                      "sol \"tcp:127.0.0.1:$solPort\" 115200"])
            try {
                // QEMU waits for ipmi_sim's SOL connection (wait=on), which ipmi_sim retries every 10 s
                if (on) awaitQemu(30_000)
            } catch (Throwable t) {
                close()
                throw t
            }
        }

        int getSolPort() { solPort }

        /** How many times ipmi_sim started the VM (power on, cycle): startvm.sh's counter. */
        int boots() {
            def f = dir.resolve('boots')
            Files.exists(f) ? read(f).trim() as int : 0
        }

        /** The guest's serial console as QEMU logged it (every boot, SOL or not): the debugging view. */
        String console() { read(dir.resolve('console.log')) }

        /** QEMU's own stderr (all boots). */
        String qemuLog() { read(dir.resolve('qemu.log')) }

        /** The banner lines ("vaxiin guest boot N reset R ...") the guest printed so far, oldest first. */
        List<String> banners() {
            console().readLines().findAll { it.contains('vaxiin guest boot ') }.collect { it.trim() }
        }

        /** Waits until the console (from offset {@code from}) matches; returns the match. */
        Matcher awaitConsole(Pattern pattern, int from = 0, long timeoutMs = 60_000) {
            long deadline = System.currentTimeMillis() + timeoutMs
            while (true) {
                def text = console()
                def m = pattern.matcher(text.length() > from ? text.substring(from) : '')
                if (m.find()) return m
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("console did not show /$pattern/ within $timeoutMs ms; last 600 characters:\n${tail(text, 600)}".toString())
                }
                Thread.sleep(100)
            }
        }

        /** True while a QEMU of this rig runs (its QMP port answers). */
        boolean qemuRunning() { listening(qmpPort) }

        /**
         * Waits for a QEMU of this rig to run, to have its serial port taken by ipmi_sim, and to have
         * its KCS link to ipmi_sim up: QEMU connects that client chardev asynchronously, and until
         * it has, ipmi_sim answers a chassis reset with 0xCC (seen once in CI on a loaded machine).
         */
        void awaitQemu(long timeoutMs) {
            long deadline = System.currentTimeMillis() + timeoutMs
            awaitListening(qmpPort, timeoutMs, "QEMU of startvm.sh (see ${dir.resolve('qemu.log')})")
            while (!kcsConnected()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("QEMU did not connect its KCS chardev to ipmi_sim's port $kcsPort within $timeoutMs ms (see ${dir.resolve('qemu.log')})")
                }
                Thread.sleep(100)
            }
        }

        /** True while a TCP connection to ipmi_sim's KCS port is established (the kernel's socket table). */
        boolean kcsConnected() {
            String local = String.format(':%04X ', kcsPort)
            read(Paths.get('/proc/net/tcp')).readLines().drop(1).any { line ->
                def f = line.trim().split(/\s+/)
                f.length > 3 && (f[1] + ' ').endsWith(local) && f[3] == '01'
            }
        }

        /**
         * The mode of the next power on (startvm.sh reads it then); panic-then-login panics again on its first boot.
         * Option {@code flood:} bytes for the flood mode.
         */
        void mode(Map opts = [:], String mode) {
            checkMode(mode)
            if (opts.flood) Files.writeString(dir.resolve('flood'), "${opts.flood}\n")
            Files.writeString(dir.resolve('mode'), mode + '\n')
            Files.deleteIfExists(dir.resolve('modeboots'))
        }

        static void checkMode(String mode) {
            if (!(mode in MODES)) throw new IllegalArgumentException("mode: one of $MODES, not '$mode'")
        }

        @Override
        void close() {
            // QEMU first: ipmi_sim is its parent and reaps it; killed the other way round QEMU would run on
            def pidFile = dir.resolve('qemu.pid')
            if (Files.exists(pidFile)) {
                def pid = read(pidFile).trim()
                if (pid) ProcessHandle.of(pid as long).filter { it.info().command().orElse('').contains('qemu') }.ifPresent { it.destroy() }
                long deadline = System.currentTimeMillis() + 5_000
                while (qemuRunning() && System.currentTimeMillis() < deadline) Thread.sleep(50)
                if (qemuRunning() && pid) ProcessHandle.of(pid as long).ifPresent { it.destroyForcibly() }
            }
            stopSim(kcsPort)
            removeDir()
        }
    }

    static final String STARTVM_SCRIPT = IpmiRig.getResource('startvm.sh').text

    static final String INIT_SCRIPT = IpmiRig.getResource('init.sh').text

    /** The kernel bin/test-kernel caches. */
    static Path kernelImage() {
        // the folder bin/test-kernel writes to
        def cache = System.getenv('VAXIIN_KERNEL_CACHE') ?: "${System.getenv('HOME') ?: System.getProperty('user.home')}/.cache/vaxiin/kernel"
        def vmlinuz = Path.of(cache, 'vmlinuz')
        if (!Files.isRegularFile(vmlinuz)) {
            throw new IllegalStateException("no kernel at $vmlinuz: run bin/test-kernel (bin/test-deps runs it) to fetch Debian's once")
        }
        vmlinuz
    }

    /**
     * The busybox initrd, built once per JVM (busybox-static + cpio) and removed when the JVM ends;
     * {@link #build} makes one with another {@code /init} (and files beside it) the same way.
     */
    static final class Initrd {
        /** The rig's own, built on first use (a caller of {@link #build} alone does not build it). */
        private static final class Default {
            static final Path PATH = build(INIT_SCRIPT)
        }

        static Path path() { Default.PATH }

        /**
         * A newc cpio initrd of a static busybox at /bin/busybox, {@code init} as /init, and
         * {@code files} (path inside the initrd, e.g. {@code 'screen.txt'}, to text or bytes); built
         * in a new folder inside {@code into} (which the caller removes), else in a temporary
         * folder removed when the JVM ends.
         */
        static Path build(String init, Map<String, Object> files = [:], Path into = null) {
            def busybox = Path.of(require('busybox'))
            def bytes = Files.readAllBytes(busybox)
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains('/lib64/ld-linux')) {
                throw new IllegalStateException("$busybox is linked dynamically: install busybox-static (RIGS.md)")
            }
            require('cpio')
            def work = into == null ? Files.createTempDirectory('ipmi-initrd') : Files.createTempDirectory(into, 'initrd')
            if (into == null) Runtime.runtime.addShutdownHook(new Thread({ work.toFile().deleteDir() }))
            def root = work.resolve('root')
            Files.createDirectories(root.resolve('bin'))
            Files.write(root.resolve('bin/busybox'), bytes)
            root.resolve('bin/busybox').toFile().setExecutable(true)
            Files.writeString(root.resolve('init'), init)
            root.resolve('init').toFile().setExecutable(true)
            files.each { name, content ->
                def f = root.resolve(name.toString())
                Files.createDirectories(f.parent)
                if (content instanceof byte[]) Files.write(f, (byte[]) content)
                else Files.writeString(f, content.toString(), StandardCharsets.UTF_8)
            }
            def out = work.resolve('initrd.cpio')
            def r = run(['bash', '-c', "cd '$root' && find . | cpio -o -H newc --quiet > '$out'".toString()])
            if (r.exit != 0) throw new IllegalStateException("cpio failed: $r")
            out
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ipmitool's SOL console, for specs

    // ---------------------------------------------------------------------------------------------
    // QMP

    // ---------------------------------------------------------------------------------------------
    // shared

    /** Removes the rig's folder, unless VAXIIN_RIG_KEEP is set (to read its logs after a failure). */
    protected void removeDir() {
        if (System.getenv('VAXIIN_RIG_KEEP')) System.err.println("IpmiRig: kept $dir")
        else dir.toFile().deleteDir()
    }

    protected void startSim(List<String> chassisLines) {
        Files.createDirectories(dir.resolve('state'))
        Files.writeString(dir.resolve('bmc.emu'), '''\
            mc_setbmc 0x20
            mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
            sel_enable 0x20 1000 0x0a
            mc_enable 0x20
            '''.stripIndent())
        def conf = new StringBuilder()
        conf << 'name "vaxiinrig"\n'
        conf << 'set_working_mc 0x20\n'
        conf << '  startlan 1\n'
        conf << "    addr 127.0.0.1 $port\n"
        conf << '    priv_limit admin\n'
        ['callback', 'user', 'operator', 'admin'].each { conf << "    allowed_auths_$it none md2 md5 straight\n" }
        conf << '    guid a123456789abcdefa123456789abcdef\n'
        conf << '  endlan\n'
        chassisLines.each { conf << "  $it\n" }
        USERS.each { conf << "  user $it.id true \"$it.name\" \"$it.password\" $it.privilege 10 none md2 md5 straight\n" }
        Files.writeString(dir.resolve('lan.conf'), conf.toString())
        sim = start(['ipmi_sim', '-c', dir.resolve('lan.conf'), '-f', dir.resolve('bmc.emu'), '-s', dir.resolve('state'), '-n'],
                [:], dir.resolve('ipmi_sim.log').toFile())
        long deadline = System.currentTimeMillis() + 10_000
        while (!rmcpPing(port)) {
            if (!sim.alive) throw new IllegalStateException("ipmi_sim exited with ${sim.exitValue()}: ${simLog()}")
            if (System.currentTimeMillis() > deadline) {
                stopSim()
                throw new IllegalStateException("ipmi_sim did not answer an RMCP ping on UDP $port within 10 s: ${simLog()}")
            }
            Thread.sleep(50)
        }
    }

    protected void stopSim(int tcpPort = 0) {
        stop(sim, tcpPort)
        long deadline = System.currentTimeMillis() + 3_000
        while (sim != null && rmcpPing(port, 100) && System.currentTimeMillis() < deadline) Thread.sleep(50)
    }

    /** Sends an RMCP/ASF presence ping; true when a pong comes back. */
    static boolean rmcpPing(int port, int timeoutMs = 200) {
        byte[] ping = [0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x80, 0x01, 0x00, 0x00] as byte[]
        new DatagramSocket(0, InetAddress.loopbackAddress).withCloseable { s ->
            s.soTimeout = timeoutMs
            s.send(new DatagramPacket(ping, ping.length, InetAddress.loopbackAddress, port))
            def answer = new DatagramPacket(new byte[64], 64)
            try {
                s.receive(answer)
                answer.length >= 12 && (answer.data[8] & 0xff) == 0x40 // presence pong
            } catch (SocketTimeoutException | PortUnreachableException ignored) {
                false
            }
        }
    }

    static int freeUdpPort() {
        for (int i = 0; i < 50; i++) {
            int p = new DatagramSocket(0, InetAddress.loopbackAddress).withCloseable { it.localPort }
            // ipmitool and ipmi_sim need only UDP; a TCP listener on the number would just confuse a reader of ss
            if (!listening(p)) return p
        }
        throw new IllegalStateException('no free UDP port')
    }

    static void awaitListening(int port, long timeoutMs, String what) {
        long deadline = System.currentTimeMillis() + timeoutMs
        while (!listening(port)) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("$what did not listen on $port within $timeoutMs ms")
            Thread.sleep(100)
        }
    }

    static String read(Path f) {
        Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1) : ''
    }

    static String tail(String s, int n) { s.length() > n ? s.substring(s.length() - n) : s }
}
