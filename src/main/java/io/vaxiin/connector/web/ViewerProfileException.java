package io.vaxiin.connector.web;

/** A viewer profile that is missing or wrong; the message names the file and line. */
public final class ViewerProfileException extends RuntimeException {
    public ViewerProfileException(String message) {
        super(message);
    }
}
