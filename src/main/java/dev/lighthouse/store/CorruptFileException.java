package dev.lighthouse.store;

/** A data.d file that cannot be trusted: torn, bit-flipped, or out of chain. */
public class CorruptFileException extends RuntimeException {

    public CorruptFileException(String message) {
        super(message, null, false, false);
    }
}
