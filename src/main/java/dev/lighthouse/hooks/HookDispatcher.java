package dev.lighthouse.hooks;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.apply.Updates;
import dev.lighthouse.config.Limits;
import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.store.Hook;
import dev.lighthouse.store.Version;
import dev.lighthouse.store.VersionHistory;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.Tree;
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
 * and recorded, which keeps them in seq order.
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
    /** Per hook name: the newest seq known not to need a notification (so scans do not repeat). */
    private final Map<String, Long> checked = new HashMap<>();

    /** One notification on its way: sending, or waiting to retry. */
    private static final class Delivery {
        final Hook hook;
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
            if (!after.hooks().isEmpty() && (after.current() != before.current() || after.hooks() != before.hooks())) {
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
            checked.clear();
            return;
        }
        StoreState state = view.state();
        deliveries.keySet().removeIf(name -> !sameHook(state.hooks().get(name), deliveries.get(name).hook));
        checked.keySet().removeIf(name -> state.hooks().get(name) == null);
        for (Hook hook : state.hooks().all()) {
            if (deliveries.containsKey(hook.name())) {
                continue;
            }
            long next = nextToNotify(hook, state.history());
            if (next > 0) {
                Delivery delivery = new Delivery(hook, next);
                deliveries.put(hook.name(), delivery);
                send(delivery);
            }
        }
    }

    /** A hook deleted and registered again under its name is another hook. */
    private static boolean sameHook(Hook now, Hook then) {
        return now != null && now.path().equals(then.path()) && now.url().equals(then.url());
    }

    /**
     * The first seq after the hook's acknowledged one in which the value at its path differs from
     * the version before, or the current seq when the versions between are no longer retained
     * (the receiver may have missed a change; it gets the latest); 0 when there is none.
     */
    private long nextToNotify(Hook hook, VersionHistory history) {
        long from = Math.max(hook.delivered(), checked.getOrDefault(hook.name(), 0L));
        Version current = history.current();
        if (from >= current.seq()) {
            return 0;
        }
        Version base = history.get(from);
        if (base == null) {
            return current.seq();
        }
        JsonPath path = JsonPath.fromPointer(hook.path());
        Node before = Tree.findOrNull(base.root(), path);
        for (long seq = from + 1; seq <= current.seq(); seq++) {
            Version version = history.get(seq);
            if (version == null) {
                return current.seq();
            }
            Node after = Tree.findOrNull(version.root(), path);
            if (Tree.changed(before, after)) {
                return seq;
            }
            before = after;
        }
        checked.put(hook.name(), current.seq());
        return 0;
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
            LOG.warn("hook '{}': giving up on the notification for version {} after {} attempts over {} ({}); moving on",
                    delivery.hook.name(), delivery.seq, delivery.failures, failingFor, why);
            record(delivery);
            return;
        }
        long delay = backoff.delayMillis(delivery.failures);
        LOG.info("hook '{}': notification for version {} to {} failed ({}); retry {} in {} ms", delivery.hook.name(),
                delivery.seq, delivery.hook.url(), why, delivery.failures, delay);
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
            checked.put(delivery.hook.name(), delivery.seq);
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
            LOG.warn("hook '{}': could not record the delivery of version {} ({}); will send it again",
                    delivery.hook.name(), delivery.seq, e.getMessage());
            deliveries.remove(delivery.hook.name());
        }
        wake();
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
