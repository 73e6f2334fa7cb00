package io.vaxiin.recording;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * How a frame is kept in a recording: named by its content (the same picture, shown twice, is
 * one file) and written as the smallest lossless PNG it makes: a console has a few colours, so
 * a palette PNG when it has at most 256 (a third of the size of a true-colour one).
 */
final class FrameFiles {

    private FrameFiles() {}

    /** The first 12 hex digits of the SHA-256 of the size and the pixels: the frame's name. */
    static String id(int[] rgb, int width, int height) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8 + rgb.length * 4);
            buf.putInt(width).putInt(height);
            for (int p : rgb) buf.putInt(p & 0xFFFFFF);
            return HexFormat.of().formatHex(sha.digest(buf.array()), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** The PNG bytes of the picture, with a palette when it has at most 256 colours. */
    static byte[] png(int[] rgb, int width, int height) {
        BufferedImage image = indexed(rgb, width, height);
        if (image == null) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, width, height, rgb, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.0f); // the smallest file: frames are written once and kept
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage indexed(int[] rgb, int width, int height) {
        Map<Integer, Integer> index = new HashMap<>();
        byte[] samples = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i] & 0xFFFFFF;
            Integer at = index.get(c);
            if (at == null) {
                if (index.size() == 256) return null;
                at = index.size();
                index.put(c, at);
            }
            samples[i] = (byte) (int) at;
        }
        int n = Math.max(2, index.size());
        byte[] r = new byte[n], g = new byte[n], b = new byte[n];
        index.forEach((c, i) -> {
            r[i] = (byte) (c >> 16);
            g[i] = (byte) (c >> 8);
            b[i] = (byte) (int) c;
        });
        int bits = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
        IndexColorModel model = new IndexColorModel(bits, n, r, g, b);
        BufferedImage image = new BufferedImage(width, height, bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY, model);
        WritableRaster raster = image.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) row[x] = samples[y * width + x] & 0xFF;
            raster.setPixels(0, y, width, 1, row);
        }
        return image;
    }

    /** A PNG read back as the true-colour picture a live console gives. */
    static BufferedImage read(byte[] png, String name) {
        try {
            BufferedImage in = ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (in == null) throw new IllegalArgumentException(name + " is not a PNG");
            BufferedImage rgb = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.createGraphics().drawImage(in, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " cannot be read: " + e.getMessage(), e);
        }
    }
}
