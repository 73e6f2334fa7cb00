package io.vaxiin.connector.screenshot;

import io.vaxiin.connector.ConnectorException;

/**
 * The BMC answered that the host shows no picture (Dell's LC099: the video signal is not
 * detected), so there is nothing to read: the server is off, or its video is. Connecting then
 * fails with this one line; once a console has shown frames, it shows a black screen instead
 * (a power cycle passes through it).
 */
public final class NoVideoSignalException extends ConnectorException {

    public NoVideoSignalException(String endpoint, String message) {
        super(Kind.REFUSED, endpoint, ScreenshotConsole.PROTOCOL, "screenshot", message);
    }
}
