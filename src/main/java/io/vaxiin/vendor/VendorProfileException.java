package io.vaxiin.vendor;

/** A vendor profile that cannot be read: the message is "FILE:LINE: what is wrong". */
public final class VendorProfileException extends RuntimeException {
    public VendorProfileException(String message) {
        super(message);
    }
}
