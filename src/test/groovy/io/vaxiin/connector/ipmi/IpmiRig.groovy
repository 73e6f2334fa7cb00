package io.vaxiin.connector.ipmi

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
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
 *     RESET events;</li>
 * <li>{@link #vm(Map)}: ipmi_sim owning a QEMU VM (ipmi-bmc-extern over a KCS chardev) that boots
 *     the Debian kernel of {@code bin/test-kernel} with a busybox initrd; its ttyS0 is SOL.</li>
 * </ul>
 * Each rig: {@code host} (127.0.0.1), {@code port}/{@code ipmiPort} (UDP), {@code username}
 * admin, {@code password} password ({@link #USERS}: also an operator, a user-level user and a
 * 19-character password), {@code ipmitool(...)} and {@code sol()} to cross-check with ipmitool,
 * {@code close()}. {@code VAXIIN_RIG_KEEP=1} keeps each rig's folder (logs, scripts) after close.
 *
 * <h2>What an IPMI client author needs to know (measured here: Debian 12, ipmi_sim 2.0.33,
 * ipmitool 1.8.19, QEMU 7.2 with -accel tcg, 2 shared cores)</h2>
 *
 * <h3>Sessions</h3>
 * <ul>
 * <li>UDP only; answers the RMCP/ASF presence ping. Cipher suites 0-11 (SHA-1 and MD5 ones);
 *     17 (SHA-256) is refused at Open Session with "invalid authentication algorithm". IPMI 1.5
 *     ({@code -I lan}) works too.</li>
 * <li>A wrong password is not refused by a status code: RAKP 2 says "no errors" and its HMAC does
 *     not verify (the client must check it). An unknown user gets RAKP 2 status 0x0D
 *     (unauthorized name).</li>
 * <li>The user's privilege limit in lan.conf is not enforced: the user-level user opens an
 *     ADMINISTRATOR session when it asks for one. What counts is the level the session asks for:
 *     a USER session gets 0xD4 (insufficient privilege) for Chassis Control.</li>
 * <li>A lan.conf password keeps 19 characters: the 20-character one fails, its first 19 work.
 *     Set User Password with the 20-byte flag answers success and changes nothing; the 16-byte
 *     form works.</li>
 * <li>ipmi_sim's persistent state (users, LAN and SOL parameters) lives in its {@code -s} folder:
 *     each rig has a fresh one. After start-up ipmi_sim logs to syslog, which is not there: its
 *     complaints (a chassis script's error text) are lost; {@link Chassis#calls()} is the record.</li>
 * <li>ipmitool exits 0 when {@code chassis bootdev} was refused (the error is on stderr only).</li>
 * </ul>
 *
 * <h3>Chassis control through the script (rig a)</h3>
 * ipmi_sim runs {@code chassis.sh 0x20 get power|boot} (prints {@code power:1}, {@code boot:pxe})
 * or {@code chassis.sh 0x20 set PARAM "VALUE"} through popen and <em>waits</em>: while the script
 * runs, ipmi_sim answers nobody. A non-zero exit, or get output without the {@code name:} asked
 * for, is completion code 0xFF. The value words are matched by prefix, so print them whole.
 * <ul>
 * <li>Get Chassis Status: {@code get power}; the answer has 3 data bytes (power on bit only,
 *     last power event 0, misc 0; no front-panel byte): policy reads "always-off".</li>
 * <li>Chassis Control 0 (off): {@code set power 0}. 1 (on): {@code set power 1}, also when on.
 *     2 (cycle): {@code set power 0} at once and the reply; about 1 s later (a timer)
 *     {@code get power} then {@code set power 1}; the status reads off in between.
 *     3 (hard reset): {@code set reset 1}. 5 (soft): {@code set shutdown 1}; ipmi_sim changes no
 *     state of its own, the status is whatever the script reports next (here: off without qmp,
 *     on with qmp until the guest acts). 4 (diag interrupt): 0xCC, the script is not called.</li>
 * <li>Chassis Identify: {@code set identify "5 0"} (interval, force); {@code force} is
 *     {@code "0 1"}, 0 is {@code "0 0"}.</li>
 * <li>Get Chassis Capabilities answers with bytes beyond its 6 that are memory garbage; Set Power
 *     Restore Policy, Get Restart Cause, Get POH: 0xC1 (invalid command).</li>
 * </ul>
 *
 * <h3>Boot flags (rig a; rig c has no boot support: parameters 4 and 5 are 0xCC there)</h3>
 * <ul>
 * <li>{@code ipmitool chassis bootdev pxe [options=persistent]} sends Set System Boot Options
 *     parameter 0 (set in progress = 1), answered 0xCC (ipmi_sim knows no parameter 0, neither
 *     set nor get, so there is no set-in-progress lock and no commit), then parameter 4 (boot info
 *     acknowledge 01 01), answered 00 after ipmi_sim runs {@code get boot} (it reads, stores
 *     nothing), then parameter 5: data 1 = 0x80 (valid) or 0xC0 (valid, persistent), data 2 bits
 *     5:2 = device. A client that stops at the 0xCC of parameter 0 never sets the device.</li>
 * <li>Of parameter 5 ipmi_sim keeps the device selector only and calls {@code set boot WORD}:
 *     0 none, 1 pxe, 2 default (hard disk; ipmitool's {@code disk}), 5 cdrom, 6 bios. Selectors
 *     without a word (3 safe mode, 4 diagnostic, 15 floppy) are 0xFF and the script is not
 *     called. Parameter 3 (valid bit clearing) is accepted and ignored.</li>
 * <li>Get parameter 5 runs {@code get boot} and answers {@code 01 05 00 SS 00 00 00}: parameter
 *     version 1, byte 2 without the lock bit, data 1 always 0x00 (valid clear, persistent clear,
 *     legacy, not EFI), data 2 = selector << 2, the rest 0. So right after a persistent set,
 *     ipmitool prints "Boot Flag Invalid" and "Options apply to only next boot": a client can
 *     verify the device, never the valid or persistent bit. Get parameter 4 answers
 *     {@code 01 04} with no data; parameter 1 {@code 01 01 00}; 0, 2, 3, 6, 7: 0xCC.</li>
 * <li>Nothing boots, so nothing clears a "once" override: the script keeps the device until set
 *     again ({@link Chassis#bootFile()}).</li>
 * </ul>
 *
 * <h3>The SeaBIOS PC (rig b)</h3>
 * Off is QMP {@code stop} (paused; its VNC shows the last frame), on is {@code system_reset} and
 * {@code cont} when not running (a fresh start from the firmware), status is
 * {@code query-status} running; reset is {@code system_reset}; soft is {@code system_powerdown}
 * (QMP POWERDOWN), which SeaBIOS ignores: it stays on. Every {@code system_reset} gives a RESET
 * event {@code guest: false} (host-qmp-system-reset) and, about 0.1 s later, one {@code guest:
 * true} (SeaBIOS resets once more itself); {@link SeabiosPc#resets()} counts the first kind. A
 * QMP port takes one client at a time, hence two monitors (script, rig).
 *
 * <h3>The VM (rig c): power</h3>
 * <ul>
 * <li>Who listens: ipmi_sim on the KCS port (QEMU's chardev connects, reconnect=10); QEMU on the
 *     serial port, ipmi_sim connects to it as the SOL device ({@code sol "tcp:..."}). A failed or
 *     broken SOL device connection is retried every 10 s (fixed). With RIGS.md's
 *     {@code server,nowait}, all the guest prints before that (the boot, a panic) is lost; the rig
 *     uses {@code wait=on}: QEMU starts the guest only once ipmi_sim is connected, so SOL sees
 *     every byte, at the price of 0-10 s at each power on.</li>
 * <li>Status: on while the startcmd process (QEMU after startvm.sh's exec) lives.</li>
 * <li>On: ipmi_sim runs startvm.sh ({@link Vm#boots()} + 1); on while on does nothing.
 *     Off: ipmi_sim tells QEMU over the KCS channel to power off and QEMU exits within 0.1-0.2 s,
 *     no ACPI for the guest ({@code poweroff_wait}/{@code kill_wait} only matter when it does not
 *     exit: SIGTERM, then SIGKILL). Cycle: off at once, startvm.sh again about 1 s later; status
 *     off in between. Cycle while off powers on.</li>
 * <li>Reset: over the KCS channel; QEMU reports RESET with {@code guest: true} (guest-reset), two or more;
 *     startvm.sh does not run, {@link Vm#boots()} stays. A reset that arrives before the guest's
 *     init has run (QEMU just started) leaves no new banner: wait for the prompt first.</li>
 * <li>Soft: QMP POWERDOWN (ACPI button); this guest has no ACPI button driver and stays on.
 *     Reset and soft while off answer 00 and do nothing. Diag and identify: 0xCC.</li>
 * <li>Killing ipmi_sim leaves its QEMU running (an orphan nobody reaps here): close() stops QEMU
 *     first, then ipmi_sim.</li>
 * </ul>
 *
 * <h3>The VM: SOL</h3>
 * <ul>
 * <li>Activate Payload (SOL, instance 1) answers {@code 00 00 00 00 | 20 00 | 00 40 | PORT | ff
 *     ff}: inbound payload 32 bytes (the most it takes from the client per packet; by its source, more
 *     is accepted in part, the accepted-character count says how much: resend the rest), outbound
 *     0x4000 advertised though it sends at most 255 characters a packet, the port is the LAN UDP
 *     port (not 623), no VLAN. Instance 2 (history) is 0xCC (not configured).</li>
 * <li>A second activate, from another session, while one is active: 0x80 (ipmitool: "Info:
 *     SOL payload already active on another session"). Get Payload Activation Status:
 *     {@code 01 01 00} active, {@code 01 00 00} not.</li>
 * <li>{@code ipmitool sol deactivate} (Deactivate Payload type 1, instance 1, from another session)
 *     answers 00 and ends the active payload without telling its client: that one learns when it
 *     next sends (no ack: ipmitool prints "Error sending SOL data: FAIL", then "SOL session closed
 *     by BMC"). Again, with nothing active: 0x80, ipmitool "Info: SOL payload already
 *     de-activated", exit 1.</li>
 * <li>Closing the RMCP+ session deactivates its payload. A client killed without closing leaves
 *     the payload active (0x80 for everyone) until ipmi_sim drops the idle session: about 25 s.</li>
 * <li>Trap: ipmi_sim takes a packet whose sequence number equals the last one it acked for a
 *     retransmission: it acks it and drops the data. It does not forget that number when a
 *     session ends, and ipmitool starts every session at 1: after a session whose last packet was
 *     number 1, the next session's first packet is lost, silently. A client should not start a
 *     session on the number the previous one ended on (carry it over per BMC, or open with a
 *     throwaway packet); the rig's {@link Sol} types a ^U (kill line) first.</li>
 * <li>What the guest prints while no SOL payload is active is read and thrown away (no history):
 *     activate first, then power on, reset or press Enter to see a prompt. Keys typed while the VM
 *     is off are acked and dropped.</li>
 * <li>A SOL session outlives power off, on, cycle and reset: once ipmi_sim has connected to the
 *     new QEMU it shows the new boot from its first byte.</li>
 * <li>ipmitool takes {@code ~.} as its escape only right after Enter.</li>
 * </ul>
 *
 * <h3>Timings (2 shared cores, TCG)</h3>
 * rig (c) constructed (QEMU attached) about 12 s, first prompt on the console about 22 s; power on
 * to QEMU 0-10 s, to the guest's prompt about 19 s; reset to prompt about 10 s; power cycle to a
 * panic or a login about 20 s; rig (a) and (b) start in about 1 s, an ipmitool call takes 0.1-0.3 s.
 * SOL: a typed character's echo comes back in about 50 ms (ipmitool under script); the flood mode
 * moves about 80 KiB/s and loses nothing (256 KiB checked).
 *
 * <h3>The guest (rig c)</h3>
 * Its /init (busybox sh) prints {@code vaxiin guest boot N reset R mode M uptime U id ID}: N is
 * startvm.sh's counter ({@link Vm#boots()}), R the kernels that reached init since this QEMU
 * started, minus one (kept in CMOS byte 0x7e, which survives a reset but not a power cycle), ID
 * the kernel's random boot id (new at each boot). Then, by {@code vaxiin.mode}:
 * {@code prompt} asks {@code /dev/sda1: Inode 12 has illegal blocks. Clear<y>? }, prints
 * {@code guest received: ANSWER}, then loops on {@code login: }; {@code panic-then-login} panics
 * on the first boot of the mode (sysrq: "Kernel panic - not syncing: sysrq triggered crash", a
 * reset boots to login; or with {@code panic: 'vfs'} "VFS: Unable to mount root fs", only a power
 * cycle helps) and otherwise loops on {@code login: }; {@code flood} asks {@code flood ready:
 * press Enter: }, writes numbered lines of 53 bytes up to {@code flood} bytes as fast as it can,
 * then {@code flood done COUNT MD5} (MD5 of the lines, each ending in \n; the tty sends \r\n),
 * then loops on {@code login: }. The tty echoes what is typed and turns Enter (\r) into \n.
 * {@link Vm#console()} is QEMU's log of ttyS0 over all boots, SOL or not.
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
    Sol sol(User user = ADMIN) {
        new Sol(this, user)
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
            Files.writeString(script, CHASSIS_SCRIPT.replace('@DIR@', dir.toString()).replace('@QMP@', qmpPort?.toString() ?: ''))
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

    /** ipmi_sim's chassis_control program: @DIR@ and @QMP@ are filled in by the rig. */
    static final String CHASSIS_SCRIPT = '''#!/bin/bash
# chassis_control of IpmiRig.chassis. ipmi_sim runs it through popen and waits (keep it quick):
#   chassis.sh 0x20 get power        -> power:0|1        (Get Chassis Status)
#   chassis.sh 0x20 get boot         -> boot:WORD        (Get/Set System Boot Options)
#   chassis.sh 0x20 set power 0|1    (off, on; cycle = off, then on after 1 s)
#   chassis.sh 0x20 set reset 1      (hard reset)
#   chassis.sh 0x20 set shutdown 1   (soft: ACPI shutdown)
#   chassis.sh 0x20 set boot none|pxe|default|cdrom|bios
#   chassis.sh 0x20 set identify "INTERVAL FORCE"
# A non-zero exit makes ipmi_sim answer 0xFF (unspecified error).
d='@DIR@'
qmp_port='@QMP@'
shift # the MC address
echo "$*" >> "$d/calls.log"
if [ -f "$d/fail" ]; then
  while IFS= read -r prefix; do
    if [ -n "$prefix" ] && [[ "$*" == "$prefix"* ]]; then echo "rig: failing '$*' as asked"; exit 1; fi
  done < "$d/fail"
fi

# qmp COMMAND: one QMP command on the VM; fails unless QEMU answers it with "return"
qmp() {
  local answer
  answer="$(printf '{"execute":"qmp_capabilities"}\\n{"execute":"%s"}\\n' "$1" | socat -t 5 - "TCP:127.0.0.1:$qmp_port" 2>&1)"
  [ "$(grep -c '"return"' <<< "$answer")" -ge 2 ] || { echo "rig: QMP $1 failed: $answer"; exit 1; }
  printf '%s\\n' "$answer"
}
running() { qmp query-status | grep -q '"running": true'; }

op="$1"
shift
case "$op" in
  get)
    for parm in "$@"; do
      case "$parm" in
        power)
          if [ -n "$qmp_port" ]; then
            if running; then echo power:1; else echo power:0; fi
          else
            echo "power:$(cat "$d/power")"
          fi ;;
        boot) echo "boot:$(cat "$d/boot")" ;;
        *) echo "rig: cannot get $parm"; exit 1 ;;
      esac
    done ;;
  set)
    while [ $# -ge 2 ]; do
      parm="$1" value="$2"
      shift 2
      case "$parm" in
        power)
          if [ -n "$qmp_port" ]; then
            if [ "$value" = 1 ]; then
              # power on: a machine that was off starts from its firmware
              running || { qmp system_reset >/dev/null; qmp cont >/dev/null; }
            else
              qmp stop >/dev/null
            fi
          fi
          echo "$value" > "$d/power" ;;
        reset) [ -z "$qmp_port" ] || qmp system_reset >/dev/null ;;
        shutdown)
          if [ -n "$qmp_port" ]; then qmp system_powerdown >/dev/null; else echo 0 > "$d/power"; fi ;;
        boot) echo "$value" > "$d/boot" ;;
        identify) ;;
        *) echo "rig: cannot set $parm"; exit 1 ;;
      esac
    done ;;
  *) echo "rig: unknown operation $op"; exit 1 ;;
esac
exit 0
'''

    // ---------------------------------------------------------------------------------------------
    // (b) a SeaBIOS PC whose power is rig (a) with qmp:

    /**
     * A QEMU PC without a disk (SeaBIOS: "No bootable device." on its VGA console, served by
     * QEMU's VNC) whose power and reset are IPMI: rig (a) drives it over QMP. {@link SeabiosPc#resets}
     * counts the resets QEMU reports (QMP RESET events not caused by the guest).
     */
    static SeabiosPc seabiosPc(Map opts = [:]) {
        new SeabiosPc(opts)
    }

    static class SeabiosPc implements AutoCloseable {
        final Path dir
        final int vncPort
        /** The QMP port the chassis script uses (one client at a time, so the rig listens on another). */
        final int qmpPort
        /** The QMP port the rig's own listener holds, for events and queries. */
        final int eventsPort
        final Process qemu
        final QmpMonitor monitor
        final Chassis chassis

        SeabiosPc(Map opts) {
            require('qemu-system-x86_64')
            dir = Files.createTempDirectory('ipmi-seabios')
            vncPort = freePortBetween(6000, 9000)
            qmpPort = freePort()
            eventsPort = freePort()
            // guest: a mode of the VM rig's guest, booted by SeaBIOS from -kernel with its last console on
            // the VGA screen (prompts there); CMOS keeps its boot count over the resets that stand for power on
            def guest = opts.guest ? ['-kernel', kernelImage().toString(), '-initrd', Initrd.path().toString(),
                                      '-append', "console=ttyS0 console=tty0 quiet vaxiin.mode=${opts.guest}".toString()] : []
            if (opts.guest) Vm.checkMode(opts.guest.toString())
            qemu = start(['qemu-system-x86_64', '-accel', 'tcg', '-m', opts.guest ? '256' : '128', '-nic', 'none', '-display', 'none',
                          *guest, '-vnc', "127.0.0.1:${vncPort - 5900}",
                          '-qmp', "tcp:127.0.0.1:$qmpPort,server,nowait",
                          '-qmp', "tcp:127.0.0.1:$eventsPort,server,nowait"], [:], dir.resolve('qemu.log').toFile())
            try {
                awaitPort(eventsPort, qemu, 10_000, 'QEMU (QMP)')
                awaitPort(qmpPort, qemu, 10_000, 'QEMU (QMP)')
                awaitPort(vncPort, qemu, 10_000, 'QEMU (VNC)')
                monitor = new QmpMonitor(eventsPort)
                chassis = new Chassis((opts.findAll { it.key != 'guest' } + [qmp: qmpPort]) as Map)
            } catch (Throwable t) {
                close()
                throw t
            }
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

    // ---------------------------------------------------------------------------------------------
    // (c) ipmi_sim owning a VM that boots a real Debian kernel

    /** Modes of the guest, read from {@code vaxiin.mode=} on its kernel command line. */
    static final List<String> MODES = ['prompt', 'panic-then-login', 'flood'].asImmutable()

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

        /** Waits for a QEMU of this rig to run and to have its serial port taken by ipmi_sim. */
        void awaitQemu(long timeoutMs) {
            awaitListening(qmpPort, timeoutMs, "QEMU of startvm.sh (see ${dir.resolve('qemu.log')})")
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

    /** ipmi_sim's startcmd: counts boots, then becomes the VM's QEMU. @X@ are filled in by the rig. */
    static final String STARTVM_SCRIPT = '''#!/bin/bash
# startcmd of IpmiRig.vm: ipmi_sim runs it at start-up (startnow), power on and power cycle, and
# takes the VM as powered on while this process (QEMU after the exec) lives. A reset does not run it.
d='@DIR@'
n=$(( $(cat "$d/boots" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$d/boots"
m=$(( $(cat "$d/modeboots" 2>/dev/null || echo 0) + 1 ))
echo "$m" > "$d/modeboots"
mode="$(cat "$d/mode")"
initrd=(-initrd '@INITRD@')
append="@APPEND@ vaxiin.mode=$mode vaxiin.boot=$n vaxiin.modeboot=$m vaxiin.flood=$(cat "$d/flood")"
if [ "$mode" = panic-then-login ] && [ "$m" = 1 ] && [ '@PANIC@' = vfs ]; then
  # no initrd, no root: the kernel's own "VFS: Unable to mount root fs" panic
  initrd=()
  append="$append root=/dev/nonexistent"
fi
echo "$$" > "$d/qemu.pid"
echo "startvm $n $(date +%T.%N) $append" >> "$d/startvm.log"
exec qemu-system-x86_64 -accel tcg -m @MEMORY@ -nic none -display none -no-user-config \\
  -kernel '@KERNEL@' "${initrd[@]}" -append "$append" \\
  -chardev socket,id=ipmi0,host=127.0.0.1,port=@KCS@,reconnect=10 \\
  -device ipmi-bmc-extern,chardev=ipmi0,id=bmc0 -device isa-ipmi-kcs,bmc=bmc0 \\
  -chardev socket,id=serial0,host=127.0.0.1,port=@SOL@,server=on,wait=on,logfile="$d/console.log",logappend=on \\
  -serial chardev:serial0 \\
  -qmp tcp:127.0.0.1:@QMP@,server,nowait \\
  >> "$d/qemu.log" 2>&1
'''

    /** The guest's /init (busybox sh). */
    static final String INIT_SCRIPT = '''#!/bin/busybox sh
# /init of the IpmiRig.vm guest: behaves by vaxiin.mode= on the kernel command line.
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

param() {
  for word in $(cat /proc/cmdline); do
    case "$word" in "$1="*) echo "${word#*=}"; return ;; esac
  done
  echo "$2"
}
mode=$(param vaxiin.mode prompt)
boot=$(param vaxiin.boot 1)
modeboot=$(param vaxiin.modeboot 1)
flood=$(param vaxiin.flood 65536)

# CMOS byte 0x7e (used by neither SeaBIOS nor QEMU) counts kernel boots since QEMU started: it
# survives a reset, not a power cycle (a new QEMU)
cmos_get() {
  printf '\\176' | dd of=/dev/port bs=1 seek=112 count=1 conv=notrunc 2>/dev/null
  dd if=/dev/port bs=1 skip=113 count=1 2>/dev/null | od -An -tu1 | tr -d ' '
}
cmos_set() {
  printf '\\176' | dd of=/dev/port bs=1 seek=112 count=1 conv=notrunc 2>/dev/null
  printf "\\\\$(printf %o "$1")" | dd of=/dev/port bs=1 seek=113 count=1 conv=notrunc 2>/dev/null
}
kernels=$(( $(cmos_get) + 1 ))
cmos_set $(( kernels % 256 ))
resets=$(( kernels - 1 ))

# a reset may come in the middle of a line: start on a fresh one
echo
echo "vaxiin guest boot $boot reset $resets mode $mode uptime $(cut -d' ' -f1 /proc/uptime) id $(cat /proc/sys/kernel/random/boot_id)"

login_loop() {
  while true; do
    printf 'login: '
    read -r line || sleep 1
    echo "guest received: $line"
  done
}

case "$mode" in
  panic-then-login)
    if [ "$modeboot" = 1 ] && [ "$resets" = 0 ]; then
      echo "vaxiin guest: panicking on purpose (first boot)"
      echo c > /proc/sysrq-trigger
    fi
    login_loop ;;
  flood)
    printf 'flood ready: press Enter: '
    read -r line
    awk -v n="$flood" 'BEGIN { t = 0; i = 0; while (t < n) { i++; s = sprintf("%08d the quick brown fox jumps over the lazy dog", i); print s; t += length(s) + 1 } }' > /tmp/flood
    count=$(wc -l < /tmp/flood)
    sum=$(md5sum < /tmp/flood | cut -d' ' -f1)
    cat /tmp/flood
    echo "flood done $count $sum"
    login_loop ;;
  *)
    printf '/dev/sda1: Inode 12 has illegal blocks. Clear<y>? '
    read -r answer
    echo "guest received: $answer"
    login_loop ;;
esac
'''

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

    /** The busybox initrd, built once per JVM (busybox-static + cpio) and removed when the JVM ends. */
    static final class Initrd {
        private static final Path PATH = build()

        static Path path() { PATH }

        private static Path build() {
            def busybox = Path.of(require('busybox'))
            def bytes = Files.readAllBytes(busybox)
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains('/lib64/ld-linux')) {
                throw new IllegalStateException("$busybox is linked dynamically: install busybox-static (RIGS.md)")
            }
            require('cpio')
            def work = Files.createTempDirectory('ipmi-initrd')
            Runtime.runtime.addShutdownHook(new Thread({ work.toFile().deleteDir() }))
            def root = work.resolve('root')
            Files.createDirectories(root.resolve('bin'))
            Files.write(root.resolve('bin/busybox'), bytes)
            root.resolve('bin/busybox').toFile().setExecutable(true)
            Files.writeString(root.resolve('init'), INIT_SCRIPT)
            root.resolve('init').toFile().setExecutable(true)
            def out = work.resolve('initrd.cpio')
            def r = run(['bash', '-c', "cd '$root' && find . | cpio -o -H newc --quiet > '$out'".toString()])
            if (r.exit != 0) throw new IllegalStateException("cpio failed: $r")
            out
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ipmitool's SOL console, for specs

    /**
     * {@code ipmitool sol activate} under {@code script}'s pseudo-terminal (ipmitool wants a terminal):
     * what it prints collects in {@link #text}, {@link #send} types.
     */
    static final class Sol implements AutoCloseable {
        final Process process
        private final IpmiRig rig
        private final StringBuffer buffer = new StringBuffer()
        private final Thread reader
        private volatile boolean afterNewline = true

        Sol(IpmiRig rig, User user) {
            this.rig = rig
            def line = rig.ipmitoolCommand(user, ['sol', 'activate']).join(' ')
            def pb = new ProcessBuilder(['script', '-qfec', line, '/dev/null']).redirectErrorStream(true)
            pb.environment().put('IPMI_PASSWORD', user.password)
            process = pb.start()
            reader = Thread.startDaemon('sol-reader') {
                def input = process.inputStream
                def chunk = new byte[4096]
                int n
                try {
                    while ((n = input.read(chunk)) >= 0) buffer.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1))
                } catch (IOException ignored) {
                    // the process was killed
                }
            }
            await(~/SOL Session operational|already active|Error|Unable/, 0, 15_000)
            if (!text.contains('SOL Session operational')) {
                def said = text.trim()
                close()
                throw new IllegalStateException("sol activate failed: $said")
            }
            // ipmi_sim drops a packet whose sequence number equals the last one it acked, even in an
            // earlier session; ipmitool starts every session at 1. One harmless keystroke (^U, kill
            // line) makes sure the next packet, and the next session's first, get through.
            send('\u0015')
            Thread.sleep(300)
        }

        /** Everything ipmitool printed so far (as Latin-1, \r kept). */
        String getText() { buffer.toString() }

        /** Where the text ends now: pass it to {@link #await} to look only at what comes after. */
        int mark() { buffer.length() }

        void send(String keys) {
            process.outputStream.write(keys.getBytes(StandardCharsets.ISO_8859_1))
            process.outputStream.flush()
            if (keys) afterNewline = keys.endsWith('\r') || keys.endsWith('\n')
        }

        /** Waits until the text after {@code from} matches; returns the match. */
        Matcher await(Pattern pattern, int from = 0, long timeoutMs = 30_000) {
            long deadline = System.currentTimeMillis() + timeoutMs
            while (true) {
                def text = buffer.toString()
                def m = pattern.matcher(text.length() > from ? text.substring(from) : '')
                if (m.find()) return m
                if (System.currentTimeMillis() > deadline || !process.alive && reader.state == Thread.State.TERMINATED) {
                    throw new AssertionError("SOL did not show /$pattern/ within $timeoutMs ms; last 600 characters:\n${tail(text, 600)}".toString())
                }
                Thread.sleep(50)
            }
        }

        boolean isAlive() { process.alive }

        /**
         * Ends the session: ipmitool's escape ~. when the last key sent was Enter (ipmitool takes ~ as
         * its escape only at the start of a line); otherwise ipmitool is killed, which leaves the
         * payload active in ipmi_sim, so {@code sol deactivate} follows.
         */
        @Override
        void close() {
            if (process.alive && afterNewline) {
                try {
                    send('~.')
                } catch (IOException ignored) {
                    // ipmitool went already
                }
                process.waitFor(5, TimeUnit.SECONDS)
            }
            if (process.alive) {
                process.destroy()
                if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS)
                rig.ipmitool('sol', 'deactivate')
            }
            reader.join(2_000)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // QMP

    /** A QMP connection that records events and runs commands (one client per QMP port). */
    static final class QmpMonitor implements Closeable {
        private final Socket socket
        private final BufferedReader input
        private final Writer output
        private final BlockingQueue<Map> replies = new LinkedBlockingQueue<>()
        final List<Map> events = new CopyOnWriteArrayList<>()
        private final Thread reader

        QmpMonitor(int port) {
            socket = new Socket('127.0.0.1', port)
            input = new BufferedReader(new InputStreamReader(socket.inputStream, StandardCharsets.UTF_8))
            output = new OutputStreamWriter(socket.outputStream, StandardCharsets.UTF_8)
            input.readLine() // greeting
            reader = Thread.startDaemon('qmp-reader') {
                try {
                    String line
                    while ((line = input.readLine()) != null) {
                        def msg = new JsonSlurper().parseText(line) as Map
                        if (msg.event) events << msg
                        else replies.put(msg)
                    }
                } catch (IOException ignored) {
                    // closed
                }
            }
            execute('qmp_capabilities')
        }

        /** Runs a command; returns its "return" value. */
        synchronized def execute(String command, Map arguments = null) {
            def msg = arguments == null ? [execute: command] : [execute: command, arguments: arguments]
            output.write(JsonOutput.toJson(msg) + '\n')
            output.flush()
            def reply = replies.poll(10, TimeUnit.SECONDS)
            if (reply == null) throw new IllegalStateException("QMP $command: no answer within 10 s")
            if (reply.error) throw new IllegalStateException("QMP $command: ${reply.error}")
            reply['return']
        }

        List<Map> events(String name) { events.findAll { it.event == name } }

        @Override
        void close() {
            socket.close()
            reader.join(2_000)
        }
    }

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
