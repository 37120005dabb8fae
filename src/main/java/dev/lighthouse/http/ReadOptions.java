package dev.lighthouse.http;

import dev.lighthouse.error.InvalidInput;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.Unavailable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The query options a read understands: {@code consistent=true|false}; {@code wait=} is refused for now. */
final class ReadOptions {

    private static final long CONSISTENT_TIMEOUT_SECONDS = 10;

    private ReadOptions() {
    }

    static boolean consistent(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        boolean consistent = false;
        for (String option : query.split("&")) {
            if (option.startsWith("wait=")) {
                throw new InvalidInput("long polling (?wait=) is not available in this build yet");
            } else if (option.equals("consistent=true") || option.equals("consistent")) {
                consistent = true;
            } else if (option.startsWith("consistent=") && !option.equals("consistent=false")) {
                throw new InvalidInput("consistent must be true or false, not '" + option.substring(11) + "'");
            }
        }
        return consistent;
    }

    static void await(CompletableFuture<Void> confirmed) {
        try {
            confirmed.get(CONSISTENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LighthouseException known) {
                throw known;
            }
            throw new Unavailable("a consistent read could not be confirmed: " + e.getCause(),
                    Unavailable.Outcome.NOT_APPLIED);
        } catch (TimeoutException e) {
            throw new Unavailable("the leader did not confirm a consistent read within "
                    + CONSISTENT_TIMEOUT_SECONDS + " s", Unavailable.Outcome.NOT_APPLIED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", Unavailable.Outcome.NOT_APPLIED);
        }
    }
}
