package io.vaxiin.connector.screenshot;

/**
 * One BMC's screenshot API: how it logs in, takes one picture and logs out. Each vendor's API is
 * one small class ({@link DellExport}, {@link SupermicroPreview}, {@link IloThumbnail});
 * {@link ScreenshotConsole} polls one of them. Not thread-safe: the console calls it from one
 * thread at a time.
 */
interface ScreenshotSource extends AutoCloseable {

    /**
     * Logs in the way this BMC's web interface does.
     *
     * @throws io.vaxiin.connector.ConnectorException AUTHENTICATION for refused credentials,
     *                                                UNREACHABLE when nothing answers
     */
    void login();

    /**
     * Takes one screenshot: the image file's bytes (PNG, JPEG or BMP) as the BMC sent them.
     *
     * @throws NoVideoSignalException when the BMC says the host shows no picture (off, no signal)
     * @throws io.vaxiin.connector.ConnectorException for anything else, with a sentence naming the BMC
     */
    byte[] capture();

    /** Logs out; never throws (the BMC expires a session on its own). */
    @Override
    void close();
}
