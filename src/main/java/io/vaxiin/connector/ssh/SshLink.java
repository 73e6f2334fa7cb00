package io.vaxiin.connector.ssh;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import io.vaxiin.connector.serial.SerialBuffer;
import io.vaxiin.connector.Serial;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * One login to the BMC's SSH console: connect, check the host key, log in with the password,
 * open a shell on a PTY, wait for the command line's prompt and send its command. Each step is
 * bounded by what is left of one deadline. Afterwards every byte of the shell goes to the sink;
 * when the shell or the session ends, the loss handler is told once, with why.
 */
final class SshLink {

    private final ClientSession session;
    private final ChannelShell channel;
    private final BmcCli cli;
    private final Feed feed;

    private SshLink(ClientSession session, ChannelShell channel, BmcCli cli, Feed feed) {
        this.session = session;
        this.channel = channel;
        this.cli = cli;
        this.feed = feed;
    }

    /** The command line this login drove. */
    BmcCli cli() {
        return cli;
    }

    /**
     * Logs in within {@code budget}.
     *
     * @param sink   where the shell's bytes go (the console's history)
     * @param onLoss told once, with a reason, when this link ends without {@link #close} (on a MINA thread)
     * @throws ConnectorException UNREACHABLE (no answer, no prompt), AUTHENTICATION (host key, password)
     */
    static SshLink open(SshClient client, SshSerialConfig config, HostKeyCheck keys, SerialBuffer sink, Duration budget,
                        Consumer<String> onLoss) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        keys.reset();
        ClientSession session = null;
        try {
            ConnectFuture cf = client.connect(config.username(), config.host(), config.port());
            try {
                if (!cf.await(left(deadline), TimeUnit.NANOSECONDS)) {
                    cf.cancel();
                    throw SshSerial.error(config, Kind.UNREACHABLE, "connect", "no answer within " + seconds(budget), null);
                }
            } catch (IOException e) {
                throw SshSerial.error(config, Kind.UNREACHABLE, "connect", "no answer within " + seconds(budget), e);
            }
            if (cf.getException() != null) {
                throw SshSerial.error(config, Kind.UNREACHABLE, "connect", connectReason(cf.getException()), cf.getException());
            }
            session = cf.getSession();
            char[] pw = config.password();
            try {
                // MINA keeps passwords as Strings; this one lives only in the session, never in a message
                session.addPasswordIdentity(new String(pw));
            } finally {
                Arrays.fill(pw, '\0');
            }
            login(session, config, keys, deadline, budget);
            Feed feed = new Feed(sink);
            PtyChannelConfiguration pty = new PtyChannelConfiguration();
            pty.setPtyType("vt100");
            pty.setPtyColumns(80);
            pty.setPtyLines(24);
            ChannelShell channel = session.createShellChannel(pty, Map.of());
            channel.setOut(feed);
            channel.setErr(feed);
            Loss loss = new Loss(onLoss);
            channel.addChannelListener(loss);
            session.addSessionListener(loss);
            try {
                if (!channel.open().await(left(deadline), TimeUnit.NANOSECONDS)) {
                    throw SshSerial.error(config, Kind.UNREACHABLE, "shell", "no shell within " + seconds(budget), null);
                }
            } catch (IOException e) {
                throw SshSerial.error(config, Kind.UNREACHABLE, "shell", "the BMC refused a shell (" + SshSerial.detail(e) + ")", e);
            }
            if (!channel.isOpen()) throw SshSerial.error(config, Kind.UNREACHABLE, "shell", "the BMC refused a shell", null);
            BmcCli cli = awaitPrompt(config, feed, channel, deadline, budget);
            if (cli.command() != null) {
                OutputStream in = channel.getInvertedIn();
                in.write((cli.command() + "\r").getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            feed.login = null;
            loss.arm(); // from now on an end is a loss, not a failed login
            if (!channel.isOpen() || !session.isOpen()) loss.lost("the BMC closed the session right after login");
            return new SshLink(session, channel, cli, feed);
        } catch (IOException e) {
            closeQuietly(session);
            throw SshSerial.error(config, Kind.UNREACHABLE, "login", "the session broke during login (" + SshSerial.detail(e) + ")", e);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void login(ClientSession session, SshSerialConfig config, HostKeyCheck keys, long deadline, Duration budget)
            throws InterruptedException {
        boolean done;
        Throwable failure = null;
        try {
            var auth = session.auth();
            done = auth.await(left(deadline), TimeUnit.NANOSECONDS);
            if (done && !auth.isSuccess()) failure = auth.getException() == null ? new IOException("refused") : auth.getException();
        } catch (IOException e) {
            done = true;
            failure = e;
        }
        String refusal = keys.refusal();
        if (refusal != null) throw SshSerial.error(config, Kind.AUTHENTICATION, "host key", refusal, null);
        if (!done) throw SshSerial.error(config, Kind.UNREACHABLE, "authentication", "no login answer within " + seconds(budget), null);
        if (failure == null) return;
        if (session.isOpen() || String.valueOf(failure.getMessage()).contains("No more authentication methods")) {
            throw SshSerial.error(config, Kind.AUTHENTICATION, "authentication",
                    "refused the password of user '" + config.username() + "'", null);
        }
        throw SshSerial.error(config, Kind.UNREACHABLE, "authentication",
                "the connection closed during login (" + SshSerial.detail(failure) + ")", failure);
    }

    /** The command line to drive: the configured one once its prompt shows, or the one whose prompt shows first. */
    private static BmcCli awaitPrompt(SshSerialConfig config, Feed feed, ChannelShell channel, long deadline, Duration budget)
            throws InterruptedException {
        BmcCli wanted = config.cli();
        if (wanted != null && !wanted.hasPrompt()) return wanted;
        SerialBuffer login = feed.login;
        long settle = config.promptSettle().toNanos();
        long stillSince = System.nanoTime();
        Serial.Text t = login.recent();
        while (true) {
            String line = t.since(t.lineStart());
            if (wanted != null && wanted.isPrompt(line)) return wanted;
            if (wanted == null) {
                BmcCli seen = BmcCli.detect(line);
                if (seen != null) return seen;
            }
            if (!channel.isOpen()) {
                throw SshSerial.error(config, Kind.UNREACHABLE, "prompt", "the BMC closed the shell before its prompt (it showed '"
                        + lastLine(t) + "')", null);
            }
            long now = System.nanoTime();
            if (wanted == null && now - stillSince >= settle) return BmcCli.NONE;
            if (now >= deadline) {
                throw SshSerial.error(config, Kind.UNREACHABLE, "prompt", "no " + wanted.promptText() + " prompt within "
                        + seconds(budget) + " (the last line was '" + lastLine(t) + "')", null);
            }
            long wait = deadline - now;
            if (wanted == null) wait = Math.min(wait, settle - (now - stillSince));
            // poll at least every 100 ms: a closed channel sends no text
            Serial.Text next = login.awaitChange(t.version(), Duration.ofNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100))));
            if (next.version() != t.version()) stillSince = System.nanoTime();
            t = next;
        }
    }

    private static String lastLine(Serial.Text t) {
        String s = t.text().stripTrailing();
        String last = s.substring(s.lastIndexOf('\n') + 1);
        return last.length() > 80 ? last.substring(last.length() - 80) : last;
    }

    /** Types {@code bytes} on the shell; an IOException when the session broke or the BMC took nothing in time. */
    void write(byte[] bytes) throws IOException {
        OutputStream in = channel.getInvertedIn();
        in.write(bytes);
        in.flush();
    }

    /**
     * Leaves the serial bridge with the command line's escape and waits (up to {@code grace}) for
     * its prompt to come back, so the BMC has let the serial port go; then ends the session.
     */
    void closeGracefully(Duration grace) {
        byte[] escape = cli.escape();
        long deadline = System.nanoTime() + grace.toNanos();
        if (escape.length > 0 && channel.isOpen()) {
            SerialBuffer back = new SerialBuffer(8192);
            feed.login = back;
            try {
                write(escape);
                Serial.Text t = back.recent();
                while (!cli.isPrompt(t.since(t.lineStart())) && channel.isOpen() && System.nanoTime() < deadline) {
                    t = back.awaitChange(t.version(), Duration.ofNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100))));
                }
            } catch (IOException ignored) {
                // the session is going anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        feed.stop();
        try {
            channel.close(false).await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            session.close(false).await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (IOException ignored) {
            // interrupted or broken while closing: closed at once below
        }
        session.close(true);
    }

    /** Ends the session at once, without the escape: it is lost or being replaced. */
    void close() {
        feed.stop();
        session.close(true);
    }

    private static void closeQuietly(ClientSession s) {
        if (s != null) s.close(true);
    }

    private static long left(long deadline) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime());
    }

    private static String connectReason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) return "connection refused";
            if (c instanceof UnknownHostException) return "unknown host";
        }
        return SshSerial.detail(e);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + (ms == 1000 ? " second" : " seconds") : ms + " ms";
    }

    /** The shell's bytes: to the console's history, and during login also to a small buffer the prompt is looked for in. */
    private static final class Feed extends OutputStream {
        private final SerialBuffer history;
        volatile SerialBuffer login = new SerialBuffer(8192);
        private volatile boolean stopped;

        Feed(SerialBuffer history) {
            this.history = history;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (stopped) return; // a replaced session's last bytes must not mix with the new one's
            history.accept(b, off, len);
            SerialBuffer l = login;
            if (l != null) l.accept(b, off, len);
        }

        void stop() {
            stopped = true;
        }
    }

    /** Tells the loss handler once that the shell or the session ended, after the login armed it. */
    private static final class Loss implements ChannelListener, SessionListener {
        private final Consumer<String> onLoss;
        private volatile boolean armed;
        private volatile boolean told;
        private volatile String early;

        Loss(Consumer<String> onLoss) {
            this.onLoss = onLoss;
        }

        void arm() {
            armed = true;
            if (early != null) lost(early);
        }

        synchronized void lost(String why) {
            if (!armed) {
                if (early == null) early = why;
                return;
            }
            if (told) return;
            told = true;
            onLoss.accept(why);
        }

        @Override
        public void channelClosed(Channel channel, Throwable reason) {
            lost(reason == null ? "the BMC closed the serial console" : "the serial console broke (" + SshSerial.detail(reason) + ")");
        }

        @Override
        public void sessionException(Session session, Throwable t) {
            lost("the SSH session broke (" + SshSerial.detail(t) + ")");
        }

        @Override
        public void sessionClosed(Session session) {
            lost("the SSH session closed");
        }
    }
}
