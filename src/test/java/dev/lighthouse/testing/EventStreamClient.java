package dev.lighthouse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal server-sent events reader for tests: parses {@code id}, {@code event} and {@code data}
 * lines into {@link Event}s and counts comment lines, with no thread per stream (the JDK client's
 * asynchronous line subscriber), so a test can hold a thousand streams. Every other request goes
 * through {@link Api}; REST Assured hands a body over only once it is complete, and a stream's
 * never is.
 */
public final class EventStreamClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One event as the client saw it. */
    public record Event(String id, String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Void>> response;
    private volatile Flow.Subscription subscription;

    private EventStreamClient(HttpClient client, HttpRequest request) {
        response = client.sendAsync(request, info -> {
            head.complete(info);
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
        });
        response.whenComplete((r, failure) -> head.completeExceptionally(
                failure != null ? failure : new AssertionError("the stream ended before its head")));
    }

    /** Opens {@code GET url} as an event stream, with a {@code Last-Event-ID} header unless it is null. */
    public static EventStreamClient open(String url, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStreamClient(CLIENT, request.build());
    }

    /** The response head (status, headers), once it arrived. */
    public HttpResponse.ResponseInfo head(Duration timeout) throws Exception {
        return head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the server ended the stream (or it failed). */
    public boolean ended() {
        return response.isDone();
    }

    /** The next event, or an AssertionError after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout.toMillis() + " ms");
        }
        return event;
    }

    /** The next event if one arrives within {@code timeout}, else null. */
    public Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int comments() {
        return comments.get();
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        response.cancel(true);
    }

    private final class Lines implements Flow.Subscriber<String> {
        private String id;
        private String name;
        private final List<String> data = new ArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (name != null || !data.isEmpty()) {
                    events.add(new Event(id, name == null ? "message" : name, String.join("\n", data)));
                }
                name = null;
                data.clear();
            } else if (line.startsWith(":")) {
                comments.incrementAndGet();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                data.add(value.startsWith(" ") ? value.substring(1) : value);
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
