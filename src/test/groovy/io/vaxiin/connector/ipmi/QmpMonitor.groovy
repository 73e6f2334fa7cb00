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

/** A QMP connection that records events and runs commands (one client per QMP port). */
final class QmpMonitor implements Closeable {
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
