package io.vaxiin.vision;

import java.awt.image.BufferedImage;

/** Turns a picture of a screen into its text. Implementations must not keep the image. */
public interface TextReader {

    /**
     * Reads the text on {@code image}. An image that holds no readable text gives empty lines,
     * never an exception for its content alone.
     */
    ScreenText read(BufferedImage image);
}
