package dev.lighthouse.http;

import dev.lighthouse.watch.AfterTelling;
import org.eclipse.jetty.util.Callback;

/**
 * The write callback of a parked request's answer: the answer goes out at once, and the
 * exchange (whose end lets the client's next request in) ends after the fan-out the answer is
 * part of ({@link AfterTelling}). A failed write fails the exchange at once.
 */
final class ExchangeAfterTelling implements Callback, Runnable {

    private final Callback exchange;

    ExchangeAfterTelling(Callback exchange) {
        this.exchange = exchange;
    }

    @Override
    public void succeeded() {
        AfterTelling.run(this);
    }

    @Override
    public void failed(Throwable failure) {
        exchange.failed(failure);
    }

    @Override
    public void run() {
        exchange.succeeded();
    }

    @Override
    public InvocationType getInvocationType() {
        return exchange.getInvocationType();
    }
}
