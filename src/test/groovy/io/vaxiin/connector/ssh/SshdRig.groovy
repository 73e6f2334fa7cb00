package io.vaxiin.connector.ssh

import io.vaxiin.connector.rfb.RfbRig
import io.vaxiin.connector.serial.SerialRig

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.SecureRandom
import java.util.concurrent.TimeUnit

/**
 * A BMC's SSH command line for tests (RIGS.md): Debian's OpenSSH {@code sshd} on a free loopback
 * port with a config, host keys and a user of its own. The user is a real local account made for
 * the run ({@code useradd}, a random password set with {@code chpasswd}, removed by {@link #stop}):
 * run as root with {@code UsePAM no}, sshd checks a password against {@code /etc/shadow} itself,
 * and there is no other way to give OpenSSH a password it accepts. Its {@code ForceCommand} is a
 * script that acts as iDRAC's CLI: it prints {@code /admin1-> }, and on {@code connect com2}
 * bridges the session, raw, to the TCP port named in {@code DIR/serial-port} with socat, whose
 * {@code escape=0x1c} ends the bridge on ctrl-\ and brings the prompt back (as iDRAC does); each
 * time it leaves the bridge it appends "left com2" to {@code DIR/cli.log}.
 */
class SshdRig {

    final Path dir
    final int port
    final String user
    final String password
    final Path knownHosts
    /** The fingerprints ("SHA256:…") of the host keys, by type ("ssh-ed25519", "ecdsa-sha2-nistp256"). */
    final Map<String, String> fingerprints
    private Process sshd

    private SshdRig(Path dir, int port, String user, String password, Path knownHosts, Map<String, String> fingerprints) {
        this.dir = dir
        this.port = port
        this.user = user
        this.password = password
        this.knownHosts = knownHosts
        this.fingerprints = fingerprints
    }

    @Override
    String toString() { "SshdRig{127.0.0.1:$port, user $user}" } // never the password

    /** True when this machine can run the rig: sshd, socat, and root to make the user. */
    static boolean available() {
        Files.isExecutable(Path.of('/usr/sbin/sshd')) && ['id', '-u'].execute().text.trim() == '0'
    }

    static SshdRig start() {
        RfbRig.require('socat')
        RfbRig.require('ssh-keygen')
        if (!available()) throw new IllegalStateException('the sshd rig needs /usr/sbin/sshd (bin/test-deps) and root to make its user')
        Path dir = Files.createTempDirectory('sshd-rig')
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString('rwxr-xr-x')) // the user runs the CLI script from here
        def random = new SecureRandom()
        String user = 'vxssh' + (1..6).collect { String.valueOf((char) (97 + random.nextInt(26))) }.join()
        String password = 'pw-' + new BigInteger(64, random).toString(36) + '+/ %'
        exec('useradd', '-M', '-d', dir.toString(), '-s', '/bin/bash', user)
        execWithInput("$user:$password\n", '/usr/sbin/chpasswd')
        Map<String, String> fingerprints = [:]
        List<String> known = []
        int port = RfbRig.freePort()
        ['ed25519', 'ecdsa'].each { String type ->
            def key = dir.resolve("host_$type")
            exec('ssh-keygen', '-q', '-t', type, '-N', '', '-f', key.toString())
            def pub = Files.readString(dir.resolve("host_${type}.pub")).trim().split(/\s+/)
            known << "[127.0.0.1]:$port ${pub[0]} ${pub[1]}".toString()
            def lf = exec('ssh-keygen', '-l', '-E', 'sha256', '-f', key.toString() + '.pub').split(/\s+/)
            fingerprints[pub[0]] = lf[1]
        }
        Path knownHosts = dir.resolve('known_hosts')
        Files.write(knownHosts, known)
        Path cli = dir.resolve('cli.sh')
        Files.writeString(cli, """#!/bin/bash
while true; do
  printf '/admin1-> '
  IFS= read -r line || exit 0
  case "\$line" in
    "connect com2")
      stty raw -echo
      socat STDIO,escape=0x1c TCP:127.0.0.1:\$(cat $dir/serial-port)
      stty sane
      echo 'left com2' >> $dir/cli.log
      echo ;;
    exit) exit 0 ;;
    '') ;;
    *) echo "ERROR: unknown command: \$line" ;;
  esac
done
""")
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString('rwxr-xr-x'))
        Files.writeString(dir.resolve('cli.log'), '')
        Files.setPosixFilePermissions(dir.resolve('cli.log'), PosixFilePermissions.fromString('rw-rw-rw-'))
        Files.writeString(dir.resolve('sshd_config'), """ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519
HostKey $dir/host_ecdsa
PidFile $dir/sshd.pid
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
PermitRootLogin no
AllowUsers $user
StrictModes no
PrintMotd no
PrintLastLog no
ForceCommand $cli
LogLevel VERBOSE
""")
        Files.createDirectories(Path.of('/run/sshd')) // sshd's privilege separation directory
        def rig = new SshdRig(dir, port, user, password, knownHosts, fingerprints)
        rig.startSshd()
        rig
    }

    /** Starts (or starts again) sshd on the rig's port. */
    void startSshd() {
        def pb = new ProcessBuilder('/usr/sbin/sshd', '-D', '-e', '-f', dir.resolve('sshd_config').toString())
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve('sshd.log').toFile()))
        sshd = pb.start()
        SerialRig.awaitListening(port, sshd, 5000)
    }

    /** Names the serial console's TCP port that {@code connect com2} bridges to. */
    void serialPort(int serialPort) {
        Files.writeString(dir.resolve('serial-port'), "$serialPort\n")
    }

    /** Kills every open session (their sshd processes), as a BMC dropping its SSH sessions; sshd keeps listening. */
    void killSessions() {
        sshd.toHandle().descendants().toList().each { it.destroyForcibly() }
    }

    /** Stops sshd and its sessions; the port closes. */
    void stopSshd() {
        if (sshd == null) return
        killSessions()
        sshd.destroy()
        if (!sshd.waitFor(3, TimeUnit.SECONDS)) sshd.destroyForcibly()
        long deadline = System.currentTimeMillis() + 3000
        while (SerialRig.listens(port) && System.currentTimeMillis() < deadline) Thread.sleep(20)
    }

    /** What sshd logged. */
    String log() {
        Files.readString(dir.resolve('sshd.log'))
    }

    /** Stops sshd, removes the user and the directory. */
    void stop() {
        stopSshd()
        exec('userdel', user)
        dir.toFile().deleteDir()
    }

    private static String exec(String... command) {
        execWithInput(null, command)
    }

    private static String execWithInput(String input, String... command) {
        def p = new ProcessBuilder(command as List<String>).redirectErrorStream(true).start()
        if (input != null) p.outputStream.withCloseable { it.write(input.getBytes('UTF-8')) }
        else p.outputStream.close()
        String out = p.inputStream.text
        if (p.waitFor() != 0) throw new IllegalStateException("${command[0]} exited ${p.exitValue()}: $out")
        out
    }
}
