package io.vaxiin.connector.rfb;

import io.vaxiin.connector.Frame;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The console's one framebuffer (0xRRGGBB ints) and the newest immutable snapshot of it.
 *
 * <p>The reader thread writes pixels under the lock a row or a tile at a time and ends each
 * FramebufferUpdate with {@link #commit()}. A version stands for one state of the pixels: it
 * increases when a commit (or a snapshot taken half-way through an update) finds pixels that
 * really changed, so two frames with the same version always show the same pixels, and nobody
 * waits for an update to finish arriving.
 */
final class FrameStore {

    private static final int HISTORY = 64;
    private static final java.awt.image.DirectColorModel RGB = new java.awt.image.DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF);

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();

    private int[] px = new int[0];
    private int width;
    private int height;
    private Rectangle dirty;
    private long version;
    private Rectangle lastChanged = new Rectangle();
    private Instant at = Instant.EPOCH;
    private Frame cached;
    /** Whether {@link #cached} shows {@link #px} itself: the next write copies the pixels first (copy on write). */
    private boolean shared;
    private final long[] historyVersion = new long[HISTORY];
    private final Rectangle[] historyRect = new Rectangle[HISTORY];

    int width() {
        lock.lock();
        try {
            return width;
        } finally {
            lock.unlock();
        }
    }

    int height() {
        lock.lock();
        try {
            return height;
        } finally {
            lock.unlock();
        }
    }

    /** A new screen size: the old pixels are gone (black), and the whole screen counts as changed. */
    void resize(int w, int h) {
        lock.lock();
        try {
            if (w == width && h == height && px.length == w * h) return;
            px = new int[w * h];
            shared = false;
            width = w;
            height = h;
            dirty = new Rectangle(0, 0, w, h);
        } finally {
            lock.unlock();
        }
    }

    /** Writes a block of pixels from {@code src} (row stride {@code stride}), noting what really changed. */
    void put(int x, int y, int w, int h, int[] src, int off, int stride) {
        lock.lock();
        try {
            int minX = Integer.MAX_VALUE, maxX = -1, minY = -1, maxY = -1;
            for (int row = 0; row < h; row++) {
                int d = (y + row) * width + x;
                int s = off + row * stride;
                int first = -1;
                for (int i = 0; i < w; i++) {
                    if (px[d + i] != src[s + i]) {
                        first = i;
                        break;
                    }
                }
                if (first < 0) continue;
                int last = w - 1;
                while (px[d + last] == src[s + last]) last--;
                writable();
                System.arraycopy(src, s + first, px, d + first, last - first + 1);
                if (minY < 0) minY = row;
                maxY = row;
                minX = Math.min(minX, first);
                maxX = Math.max(maxX, last);
            }
            if (minY >= 0) mark(x + minX, y + minY, maxX - minX + 1, maxY - minY + 1);
        } finally {
            lock.unlock();
        }
    }

    /** Fills a block with one colour. */
    void fill(int x, int y, int w, int h, int rgb) {
        lock.lock();
        try {
            boolean any = false;
            for (int row = 0; row < h; row++) {
                int d = (y + row) * width + x;
                for (int i = 0; i < w; i++) {
                    if (px[d + i] != rgb) {
                        if (!any) {
                            writable();
                            any = true;
                        }
                        px[d + i] = rgb;
                        any = true;
                    }
                }
            }
            if (any) mark(x, y, w, h);
        } finally {
            lock.unlock();
        }
    }

    /** CopyRect: moves a block from (sx, sy) to (x, y); the blocks may overlap. */
    void copy(int sx, int sy, int x, int y, int w, int h) {
        lock.lock();
        try {
            int[] tmp = new int[w];
            boolean any = false;
            // Walk rows away from the overlap so no source row is overwritten before it is read.
            for (int r = 0; r < h; r++) {
                int row = y > sy ? h - 1 - r : r;
                System.arraycopy(px, (sy + row) * width + sx, tmp, 0, w);
                int d = (y + row) * width + x;
                for (int i = 0; i < w && !any; i++) any = px[d + i] != tmp[i];
                if (any) {
                    writable();
                    System.arraycopy(tmp, 0, px, d, w);
                }
            }
            if (any) mark(x, y, w, h);
        } finally {
            lock.unlock();
        }
    }

    /** Before writing pixels: a frame handed out shows them, so it keeps them, and the writer gets a copy. */
    private void writable() {
        if (shared) {
            px = px.clone();
            shared = false;
        }
    }

    private void mark(int x, int y, int w, int h) {
        Rectangle r = new Rectangle(x, y, w, h);
        dirty = dirty == null ? r : dirty.union(r);
    }

    /** Ends a FramebufferUpdate: a new version when pixels changed, and waiters wake up. */
    void commit() {
        lock.lock();
        try {
            if (dirty != null) bump();
        } finally {
            lock.unlock();
        }
    }

    private void bump() {
        version++;
        lastChanged = dirty;
        dirty = null;
        at = Instant.now();
        int slot = (int) (version % HISTORY);
        historyVersion[slot] = version;
        historyRect[slot] = lastChanged;
        changed.signalAll();
    }

    /** The version of the newest pixels, 0 before the first frame. Caller holds the lock. */
    long version() {
        return version;
    }

    /** Wakes every waiter, e.g. when the connection state changes. */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean await(long nanos) throws InterruptedException {
        return changed.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The newest frame; {@code changed} is the union of what changed after {@code sinceVersion}
     * (the whole screen when that is too long ago). Caller holds the lock; version is at least 1.
     */
    Frame snapshot(long sinceVersion) {
        if (dirty != null && version > 0) bump();
        if (cached == null || cached.version() != version) {
            // the frame shows the framebuffer's own pixels until the next write copies them: an idle
            // console (most of a watched fleet) holds one copy of its screen, not two
            java.awt.image.WritableRaster raster = java.awt.image.Raster.createPackedRaster(new DataBufferInt(px, width * height),
                    width, height, width, new int[]{0xFF0000, 0xFF00, 0xFF}, null);
            BufferedImage image = new BufferedImage(RGB, raster, false, null);
            shared = true;
            cached = new Frame(image, version, new Rectangle(lastChanged), at);
        }
        if (sinceVersion >= version - 1 || sinceVersion >= version) return cached;
        Rectangle union = null;
        for (long v = sinceVersion + 1; v <= version; v++) {
            int slot = (int) (v % HISTORY);
            if (v < 1 || historyVersion[slot] != v) {
                union = new Rectangle(0, 0, width, height);
                break;
            }
            union = union == null ? new Rectangle(historyRect[slot]) : union.union(historyRect[slot]);
        }
        union = union.intersection(new Rectangle(0, 0, width, height));
        return new Frame(cached.image(), version, union, at);
    }

    /** Drops the snapshot (not the framebuffer) when nobody holds it, e.g. for memory measurements. */
    void dropSnapshot() {
        lock.lock();
        try {
            cached = null;
        } finally {
            lock.unlock();
        }
    }
}
