package dev.lighthouse.hooks;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.config.Limits;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Hook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends hook notifications while this node leads. All bookkeeping happens on
 * one thread; the HTTP calls are asynchronous, so a slow receiver delays only
 * its own hook and never a commit. Per hook, one notification is in flight at
 * a time and the next is chosen only after the previous one was acknowledged
 * and recorded, which keeps them in seq order (rev order for a group hook).
 * What is due is worked out from replicated state alone (the hook's
 * {@code delivered}, the versions, the groups), so the next leader, or this
 * node after a restart, picks up exactly where the records stop.
 */
public final class HookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HookDispatcher.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Catches what no state change announces: leadership moving here, a retry falling due. */
    private static final long TICK_MILLIS = 1000;

    private final StateView view;
    private final Updates updates;
    private final BooleanSupplier leading;
    private final Supplier<String> baseUrl;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    /** Built on first use, on {@link #thread}: a node without hooks needs neither its classes nor its selector thread. */
    private HttpClient client;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lighthouse-hooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Per hook name; touched only on {@link #thread}. */
    private final Map<String, Delivery> deliveries = new HashMap<>();
    private static final long STORAGE_RETRY_MILLIS = 1000;
    private final PathChanges pathChanges = new PathChanges();

    /** One notification on its way: sending, or waiting to retry. */
    private static final class Delivery {
        final Hook hook;
        /** The seq of a path hook's version, or the rev of a group hook's group. */
        final long seq;
        final long firstAttempt = System.nanoTime();
        int failures;
        boolean sending;

        Delivery(Hook hook, long seq) {
            this.hook = hook;
            this.seq = seq;
        }
    }

    public HookDispatcher(StateView view, Updates updates, BooleanSupplier leading, Supplier<String> baseUrl,
                          Limits limits) {
        this.view = view;
        this.updates = updates;
        this.leading = leading;
        this.baseUrl = baseUrl;
        this.backoff = new Backoff(limits.hookRetryFirst(), limits.hookRetryMax());
        this.giveUpAfter = limits.hookGiveUpAfter();
        view.addListener((before, after) -> {
            if (!after.hooks().isEmpty() && (after.current() != before.current() || after.hooks() != before.hooks()
                    || (after.hooks().anyOnGroup() && after.coordination().groups() != before.coordination().groups()))) {
                wake();
            }
        });
    }

    /** Starts the periodic check for notifications that are due (retries, a new leader's backlog). */
    public void start() {
        thread.scheduleWithFixedDelay(this::wake, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void wake() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(() -> {
                queued.set(false);
                reconcile();
            });
        }
    }

    private void reconcile() {
        if (!leading.getAsBoolean()) {
            deliveries.clear();
            pathChanges.clear();
            return;
        }
        StoreState state = view.state();
        // A hook deleted and registered again under its name is another hook.
        deliveries.keySet().removeIf(name -> !deliveries.get(name).hook.sameTarget(state.hooks().get(name)));
        pathChanges.keepOnly(state.hooks().names());
        for (Hook hook : state.hooks().all()) {
            if (deliveries.containsKey(hook.name())) {
                continue;
            }
            long next = hook.onGroup() ? GroupChanges.next(hook, state.coordination())
                    : pathChanges.next(hook, state.history());
            if (next > 0) {
                Delivery delivery = new Delivery(hook, next);
                deliveries.put(hook.name(), delivery);
                send(delivery);
            }
        }
    }

    private void send(Delivery delivery) {
        delivery.sending = true;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.hook.url()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "lighthouse-hooks")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            Notification.body(delivery.hook, delivery.seq, baseUrl.get())))
                    .build();
        } catch (IllegalArgumentException e) {
            thread.execute(() -> failed(delivery, "bad url: " + e.getMessage()));
            return;
        }
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT)
                    .build();
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                thread.execute(() -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        acknowledged(delivery);
                    } else {
                        failed(delivery, error != null ? String.valueOf(error) : "status " + response.statusCode());
                    }
                }));
    }

    private void acknowledged(Delivery delivery) {
        delivery.sending = false;
        if (deliveries.get(delivery.hook.name()) != delivery || !leading.getAsBoolean()) {
            return;
        }
        record(delivery);
    }

    private void failed(Delivery delivery, String why) {
        delivery.sending = false;
        if (deliveries.get(delivery.hook.name()) != delivery) {
            return;
        }
        delivery.failures++;
        Duration failingFor = Duration.ofNanos(System.nanoTime() - delivery.firstAttempt);
        if (failingFor.compareTo(giveUpAfter) >= 0) {
            LOG.warn("hook '{}': giving up on the notification for {} {} after {} attempts over {} ({}); moving on",
                    delivery.hook.name(), what(delivery), delivery.seq, delivery.failures, failingFor, why);
            record(delivery);
            return;
        }
        long delay = backoff.delayMillis(delivery.failures);
        LOG.info("hook '{}': notification for {} {} to {} failed ({}); retry {} in {} ms", delivery.hook.name(),
                what(delivery), delivery.seq, delivery.hook.url(), why, delivery.failures, delay);
        thread.schedule(() -> {
            if (deliveries.get(delivery.hook.name()) == delivery && leading.getAsBoolean()) {
                send(delivery);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Through the log, so every member (and the next leader) knows; then the hook's next notification. */
    private void record(Delivery delivery) {
        try {
            updates.hookDelivered(delivery.hook.name(), delivery.seq);
            if (!delivery.hook.onGroup()) {
                pathChanges.delivered(delivery.hook.name(), delivery.seq);
            }
            deliveries.remove(delivery.hook.name());
        } catch (InsufficientStorage e) {
            // The receiver has it; only the record waits for the disk (sending again would repeat
            // the notification once per attempt).
            thread.schedule(() -> {
                if (deliveries.get(delivery.hook.name()) == delivery && leading.getAsBoolean()) {
                    record(delivery);
                }
            }, STORAGE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        } catch (LighthouseException e) {
            // No quorum or no longer leading: the receipt is not recorded, so the notification
            // will be sent again (at least once), by this node or the next leader.
            LOG.warn("hook '{}': could not record the delivery of {} {} ({}); will send it again",
                    delivery.hook.name(), what(delivery), delivery.seq, e.getMessage());
            deliveries.remove(delivery.hook.name());
        }
        wake();
    }

    private static String what(Delivery delivery) {
        return delivery.hook.onGroup() ? "rev" : "version";
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
