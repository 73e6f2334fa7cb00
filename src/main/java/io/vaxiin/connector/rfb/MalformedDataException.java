package io.vaxiin.connector.rfb;

import java.io.IOException;

/**
 * The peer sent bytes that break the protocol. The message is the predicate of a sentence
 * ("sent an unknown message type 77"); the caller puts who sent it in front.
 */
final class MalformedDataException extends IOException {

    MalformedDataException(String predicate) {
        super(predicate);
    }
}
