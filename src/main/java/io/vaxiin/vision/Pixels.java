package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.ComponentSampleModel;

/** Bulk access to a picture's pixels as 0xRRGGBB ints, without a getRGB call per pixel. */
final class Pixels {

    private Pixels() {
    }

    /**
     * The pixels of {@code image}, row after row, each 0xRRGGBB. For a plain TYPE_INT_RGB image
     * this is the image's own array (no copy): callers must not write to it nor keep it.
     */
    static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean whole = raster.getMinX() == 0 && raster.getMinY() == 0
            && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
        switch (image.getType()) {
            case BufferedImage.TYPE_INT_RGB:
                if (whole && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                    && sm.getScanlineStride() == w && raster.getDataBuffer().getOffset() == 0) {
                    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
                    if (data.length == w * h) {
                        return data;
                    }
                }
                break;
            case BufferedImage.TYPE_INT_ARGB:
            case BufferedImage.TYPE_INT_ARGB_PRE:
                if (whole && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                    && sm.getScanlineStride() == w && raster.getDataBuffer().getOffset() == 0
                    && image.getType() == BufferedImage.TYPE_INT_ARGB) {
                    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
                    int[] out = new int[w * h];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = data[i] & 0xFFFFFF;
                    }
                    return out;
                }
                break;
            case BufferedImage.TYPE_3BYTE_BGR:
                if (whole && raster.getSampleModel() instanceof ComponentSampleModel sm
                    && sm.getScanlineStride() == w * 3 && sm.getPixelStride() == 3
                    && raster.getDataBuffer().getOffset() == 0) {
                    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
                    int[] out = new int[w * h];
                    for (int i = 0, j = 0; i < out.length; i++, j += 3) {
                        out[i] = (data[j + 2] & 0xFF) << 16 | (data[j + 1] & 0xFF) << 8 | (data[j] & 0xFF);
                    }
                    return out;
                }
                break;
            default:
                break;
        }
        int[] out = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }

    /** The raw int array of a TYPE_INT_RGB image this package made itself (for drawing into). */
    static int[] buffer(BufferedImage intRgb) {
        return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
    }
}
