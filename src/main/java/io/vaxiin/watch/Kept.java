package io.vaxiin.watch;

import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.target.Target;
import io.vaxiin.vision.ConsoleReader;

/**
 * One server's connection as the watch holds it: its target, the reader of its screen and its
 * scripts' probed rules ({@link Look}). A pass of {@code --once} opens one and closes it after the
 * look; the continuous watch keeps it open between looks, so it sees each new screen as it comes
 * instead of connecting again, and reopens it only after the connection failed.
 */
final class Kept implements AutoCloseable {

    /** Whether it is kept between looks (the continuous watch), not closed after each. */
    final boolean continuous;
    Target target;
    ServerFacts facts;
    Look look;
    ConsoleReader reader;
    /** The server's vendor profile, as its latest connection showed it (null: none matched); kept while it is closed between polls. */
    io.vaxiin.vendor.VendorProfile profile;
    /** Whether the polling of this server was said (once). */
    boolean pollingSaid;
    /** Where the server stood after the last look (null before the first). */
    Watch.State last;
    /** The version of what the server showed when the last look began: a newer one is looked at. */
    long seen = Long.MIN_VALUE;

    Kept(boolean continuous) {
        this.continuous = continuous;
    }

    boolean open() { return target != null; }

    /** Whether its profile says to open its console for each look and close it after ({@code watch: { look: poll }}). */
    boolean polls() {
        return continuous && profile != null && profile.watching().poll();
    }

    /**
     * Whether an event of this state is the same as the last one of this kept connection, so the
     * audit log need not say it again (a healthy server's every new screen is not news, nor is a
     * recovered one's being healthy).
     */
    boolean repeats(Watch.State state) {
        return continuous && (last == state || state == Watch.State.HEALTHY && last == Watch.State.RECOVERED);
    }

    /** Closes the connection (which logs out of the BMC); the next look opens a new one. */
    @Override
    public void close() {
        disconnect();
    }

    /** Closes the connection, as {@link #close} does, while the watch of the server goes on. */
    void disconnect() {
        Target t = target;
        ConsoleReader r = reader;
        target = null;
        facts = null;
        look = null;
        reader = null;
        seen = Long.MIN_VALUE;
        if (r != null) r.close();
        if (t != null) t.close();
    }
}
