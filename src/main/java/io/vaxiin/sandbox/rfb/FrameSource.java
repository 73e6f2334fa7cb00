package io.vaxiin.sandbox.rfb;

import java.awt.image.BufferedImage;

/** Supplies the picture an {@link RfbServer} serves before the first {@link RfbServer#update}. */
@FunctionalInterface
public interface FrameSource {

    /** The screen as it is now; the server copies it. */
    BufferedImage currentFrame();
}
