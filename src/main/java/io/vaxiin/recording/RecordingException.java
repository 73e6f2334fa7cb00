package io.vaxiin.recording;

/** A recording that cannot be read or written; the message names the file and, where it can, the line. */
public final class RecordingException extends RuntimeException {
    public RecordingException(String message) {
        super(message);
    }
}
