package io.vaxiin.vision;

/**
 * An image file that cannot be used, with a message of one sentence that names the file and
 * says why: {@code x.png is not a readable PNG/JPEG image (truncated?)}.
 */
public final class UnreadableImageException extends RuntimeException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
