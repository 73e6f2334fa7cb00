package io.vaxiin.connector;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.Instant;

/**
 * One immutable picture of a console.
 *
 * @param image   the whole screen; never modified after the frame is made (consoles copy)
 * @param version increases by one or more each time the console's content changes; two frames with
 *                the same version show the same pixels
 * @param changed the part of the screen that changed since the previous version (the whole
 *                screen for the first frame or after a resize)
 * @param at      when the console received the last update that made this frame
 */
public record Frame(BufferedImage image, long version, Rectangle changed, Instant at) {

    public int width() { return image.getWidth(); }

    public int height() { return image.getHeight(); }
}
