package io.vaxiin.vision;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads image files a person hands to Vaxiin (a saved screenshot for {@code vaxiin screen --image},
 * a needle for {@code matches}) and turns images of any colour model into grey pixels.
 *
 * <p>Files come from people and from other tools, so every way one can be wrong ends in one
 * sentence ({@link UnreadableImageException}), never a stack trace, a hang or an exhausted heap:
 * missing, empty, not an image, truncated, or too large (the size is read from the header before
 * anything is decoded, so a 100-megapixel file costs nothing).
 */
public final class Images {

    /** Largest image read, in pixels: 50 megapixels (a 4K console screen is 8.3). */
    public static final long MAX_PIXELS = 50_000_000L;

    private Images() {}

    /**
     * Reads a PNG, JPEG (or any format ImageIO knows: BMP, GIF, TIFF) file.
     *
     * @throws UnreadableImageException with a one-line message naming {@code file} as given
     */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) throw new UnreadableImageException(file + ": no such file");
        if (!Files.isRegularFile(file)) throw new UnreadableImageException(file + " is not a file");
        try {
            if (Files.size(file) == 0) throw new UnreadableImageException(file + " is empty (0 bytes), not a PNG/JPEG image");
        } catch (IOException e) {
            throw new UnreadableImageException(file + " cannot be read: " + reason(e), e);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new UnreadableImageException(file + " cannot be read");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new UnreadableImageException(file + " is not a PNG/JPEG image (unknown format)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0) throw new UnreadableImageException(file + " has no pixels (" + w + "×" + h + ")");
                if (w * h > MAX_PIXELS) {
                    throw new UnreadableImageException(String.format(Locale.ROOT,
                            "%s is %d×%d pixels (%.0f megapixels); images over %d megapixels are refused (a console screen is a few)",
                            file, w, h, w * h / 1e6, MAX_PIXELS / 1_000_000));
                }
                // A JPEG cut short decodes without an exception, grey where the data stopped; the
                // decoder only warns ("Truncated File - Missing EOI marker"). Half a screen is not
                // a screen. Other warnings (extraneous bytes, odd metadata) leave the pixels whole.
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    String said = warning.toLowerCase(Locale.ROOT);
                    if (said.contains("truncat") || said.contains("premature end")) warnings.add(warning);
                });
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(file + " is not a readable PNG/JPEG image (truncated?): " + warnings.get(0));
                }
                if (image == null) throw new UnreadableImageException(file + " is not a readable PNG/JPEG image (truncated?)");
                return image;
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports a cut-off file as EOFException, IIOException("Error reading PNG
            // image data"), or an IndexOutOfBounds deep in a decoder: to a person all are one thing.
            throw new UnreadableImageException(file + " is not a readable PNG/JPEG image (truncated?)", e);
        } catch (OutOfMemoryError e) {
            // One big pixel array that did not fit (under MAX_PIXELS, but the heap is small): nothing
            // else was allocated meanwhile, so the heap is fine again once it is dropped.
            throw new UnreadableImageException(file + " is too large to decode in this JVM's memory (raise -Xmx)");
        }
    }

    /**
     * True when the image is noise rather than a screen: fewer than one in ten horizontally
     * neighbouring pixels within two grey levels of each other. Every screen, even a JPEG- or
     * scaled one, has areas of one colour (more than half of its pairs); random pixels have 2–3%.
     * A text reader would only find letters in the snow.
     */
    public static boolean looksLikeNoise(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        if (w < 2) return false;
        byte[] g = grey(image);
        long alike = 0, pairs = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 1, i = y * w + 1; x < w; x++, i++) {
                if (Math.abs((g[i] & 0xff) - (g[i - 1] & 0xff)) <= 2) alike++;
                pairs++;
            }
        }
        return pairs >= 1000 && alike * 10 < pairs;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The image as grey levels (0 black to 255 white, ITU-R BT.601 luma of its sRGB colours), one
     * byte per pixel, row by row. Works for every colour model ImageIO produces (indexed, 16-bit,
     * grey, with alpha); the common screen types are read straight from their rasters.
     */
    public static byte[] grey(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(w, h)];
        WritableRaster raster = image.getRaster();
        int type = image.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getDataBuffer() instanceof DataBufferInt db && raster.getParent() == null
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm && sm.getScanlineStride() == w
                && db.getNumBanks() == 1 && db.getOffset() == 0) {
            int[] px = db.getData();
            for (int i = 0; i < out.length; i++) out[i] = luma(px[i]);
            return out;
        }
        if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY)
                && raster.getDataBuffer() instanceof DataBufferByte db && raster.getParent() == null
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && db.getNumBanks() == 1 && db.getOffset() == 0) {
            byte[] px = db.getData();
            int stride = sm.getScanlineStride(), step = sm.getPixelStride();
            if (type == BufferedImage.TYPE_BYTE_GRAY) {
                for (int y = 0; y < h; y++) System.arraycopy(px, y * stride, out, y * w, w);
                return out;
            }
            int[] off = sm.getBandOffsets(); // R, G, B
            for (int y = 0; y < h; y++) {
                for (int x = 0, p = y * stride; x < w; x++, p += step) {
                    out[y * w + x] = luma(px[p + off[0]] & 0xff, px[p + off[1]] & 0xff, px[p + off[2]] & 0xff);
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) out[y * w + x] = luma(row[x]);
        }
        return out;
    }

    /**
     * Which pixels of the image count: false where it is transparent (alpha below one half), so a
     * needle saved with transparent parts ignores the screen behind them; null when every pixel
     * counts (no alpha, or all opaque).
     */
    public static boolean[] opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) return null;
        int w = image.getWidth(), h = image.getHeight();
        boolean[] keep = new boolean[Math.multiplyExact(w, h)];
        boolean any = false;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                boolean k = (row[x] >>> 24) >= 128;
                keep[y * w + x] = k;
                any |= !k;
            }
        }
        return any ? keep : null;
    }

    private static byte luma(int rgb) {
        return luma((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    private static byte luma(int r, int g, int b) {
        return (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
    }

    /**
     * A TYPE_INT_RGB copy of {@code image} that nothing else holds (frames handed on must not
     * change), whatever the source's colour model (grey, BGR, with alpha).
     */
    public static BufferedImage copy(BufferedImage image) {
        BufferedImage c = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            c.getRaster().setRect(image.getRaster());
        } else {
            java.awt.Graphics2D g = c.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        return c;
    }

    /** {@code image} resized (bilinear) to {@code width × height}, as a KVM viewer scales a console. */
    public static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
