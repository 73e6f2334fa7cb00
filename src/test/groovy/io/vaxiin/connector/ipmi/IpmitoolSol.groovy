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
 * {@code ipmitool sol activate} under {@code script}'s pseudo-terminal (ipmitool wants a terminal):
 * what it prints collects in {@link #text}, {@link #send} types.
 */
final class IpmitoolSol implements AutoCloseable {
    final Process process
    private final IpmiRig rig
    private final StringBuffer buffer = new StringBuffer()
    private final Thread reader
    private volatile boolean afterNewline = true

    IpmitoolSol(IpmiRig rig, IpmiRig.User user) {
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
                throw new AssertionError("SOL did not show /$pattern/ within $timeoutMs ms; last 600 characters:\n${IpmiRig.tail(text, 600)}".toString())
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
