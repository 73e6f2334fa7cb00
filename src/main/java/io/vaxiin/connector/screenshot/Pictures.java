package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.ConnectorException.Kind;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The pictures a screenshot API sends: decoded with ImageIO (PNG, JPEG, BMP), their size read
 * from the header before a pixel is allocated, and compared pixel by pixel with the one before.
 */
final class Pictures {

    /** A console screen is a few megapixels; more is not one. */
    static final long MAX_PIXELS = 50_000_000L;

    private Pictures() {}

    /**
     * Decodes one screenshot into an RGB image of its own.
     *
     * @param where "screenshot API at 10.0.0.5:443 (Dell ExportServerScreenShot)", for the message
     * @throws ConnectorException PROTOCOL, one sentence naming the BMC, when the bytes are not an image
     */
    static BufferedImage decode(byte[] data, String where, String endpoint) {
        if (data.length == 0) throw malformed(where, endpoint, "sent an empty screenshot (0 bytes)");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw malformed(where, endpoint, "sent a screenshot that is not a PNG, JPEG or BMP image (" + data.length
                        + " bytes starting " + head(data) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw malformed(where, endpoint, String.format(Locale.ROOT, "sent a screenshot of %d×%d pixels: not a screen", w, h));
                }
                boolean[] truncated = {false};
                reader.addIIOReadWarningListener((source, warning) -> {
                    String said = warning.toLowerCase(Locale.ROOT);
                    if (said.contains("truncat") || said.contains("premature end")) truncated[0] = true;
                });
                BufferedImage image = reader.read(0);
                if (image == null || truncated[0]) throw malformed(where, endpoint, "sent a screenshot cut short (a truncated image)");
                return rgb(image);
            } finally {
                reader.dispose();
            }
        } catch (ConnectorException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // A cut-off or corrupt file surfaces as EOFException, IIOException or an IndexOutOfBounds deep in a decoder.
            throw new ConnectorException(Kind.PROTOCOL, endpoint, ScreenshotConsole.PROTOCOL, "screenshot",
                    where + " sent a screenshot that cannot be decoded (" + reason(e) + ")", e);
        }
    }

    private static ConnectorException malformed(String where, String endpoint, String what) {
        return new ConnectorException(Kind.PROTOCOL, endpoint, ScreenshotConsole.PROTOCOL, "screenshot", where + " " + what);
    }

    private static String head(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) sb.append(String.format("%02x", data[i] & 0xff));
        return sb.toString();
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The image as TYPE_INT_RGB, as the other consoles give frames. */
    static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) return image;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A black screen of that size: what a monitor shows without a signal. */
    static BufferedImage black(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /**
     * The smallest rectangle holding every pixel that differs between the two, or null when they
     * are the same picture; the whole of {@code now} when their sizes differ.
     */
    static Rectangle changed(BufferedImage before, BufferedImage now) {
        int w = now.getWidth(), h = now.getHeight();
        if (before == null || before.getWidth() != w || before.getHeight() != h) return new Rectangle(0, 0, w, h);
        int[] a = ((DataBufferInt) before.getRaster().getDataBuffer()).getData();
        int[] b = ((DataBufferInt) now.getRaster().getDataBuffer()).getData();
        int top = -1, bottom = -1, left = w, right = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int first = -1, last = -1;
            for (int x = 0; x < w; x++) {
                if (a[row + x] != b[row + x]) {
                    if (first < 0) first = x;
                    last = x;
                }
            }
            if (first >= 0) {
                if (top < 0) top = y;
                bottom = y;
                left = Math.min(left, first);
                right = Math.max(right, last);
            }
        }
        return top < 0 ? null : new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }
}
