package dev.lighthouse.store;

/**
 * The node will not start: its data.d is unusable as given (a file, missing
 * along with its parent, not writable), or starting would lose an acknowledged
 * commit (or serve state that contradicts one). The message names the file,
 * says why, and how to recover; {@code bin/lighthouse} prints it as one line
 * and exits with code 2, as for any other input the operator has to fix.
 */
public final class StartRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartRefused(String message) {
        super(message, null, false, false);
    }
}
