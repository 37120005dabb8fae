package dev.lighthouse.error;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a future on a client's behalf, and the one translation of how such a wait
 * fails into what the client sees: the future's own {@link LighthouseException} as it is; no
 * answer in time, or an interrupted wait, as 503 {@link Unavailable} with the outcome the
 * caller knows to be true; anything else is a bug, an {@link InternalFailure} logged under an id.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * @param what    the wait's subject for a problem's detail, such as {@code "the write"}
     * @param outcome whether the request may still take effect when the wait gives up
     * @return the future's value
     * @throws LighthouseException as above
     */
    public static <T> T await(CompletableFuture<T> future, Duration timeout, String what, Unavailable.Outcome outcome) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for " + what, outcome);
        } catch (ExecutionException | TimeoutException e) {
            throw problem(e, what, timeout, outcome);
        }
    }

    /**
     * What a future's failure, as {@code get}, {@code join} or a callback hands it over, means to
     * the client; see {@link #await}.
     */
    public static LighthouseException problem(Throwable error, String what, Duration timeout,
                                              Unavailable.Outcome outcome) {
        Throwable cause = cause(error);
        if (cause instanceof LighthouseException known) {
            return known;
        }
        if (cause instanceof TimeoutException) {
            return new Unavailable(what + " did not complete within " + timeout.toMillis() + " ms"
                    + (outcome == Unavailable.Outcome.UNKNOWN ? "; it may still be applied" : ""), outcome);
        }
        return InternalFailure.logged("waiting for " + what, cause);
    }

    /** The failure itself, without the {@link CompletionException} or {@link ExecutionException} around it. */
    public static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
