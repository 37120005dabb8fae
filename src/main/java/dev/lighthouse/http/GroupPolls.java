package dev.lighthouse.http;

import dev.lighthouse.apply.StateView;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.watch.GroupWatches;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /groups/{g}?wait=<rev>&timeout=<duration>}: answered with the group as soon as its
 * rev differs from {@code wait} (at once if it already does), else with the group as it is
 * after the timeout. Only a change of this group wakes it; no thread is held meanwhile.
 */
final class GroupPolls {

    private final GroupWatches watches;
    private final StateView view;
    private final LateCancels timeouts = new LateCancels();

    GroupPolls(GroupWatches watches, StateView view) {
        this.watches = watches;
        this.view = view;
    }

    void start(Request request, Response response, Callback callback, JsonPath group, ReadOptions options) {
        Poll poll = new Poll(request, response, callback, group);
        poll.park(options.timeout());
        GroupWatches.Subscription subscription;
        try {
            subscription = watches.subscribe(group, options.waitSeq(), true, FrontHandler.address(request),
                    poll::changed);
        } catch (RuntimeException refused) {
            if (poll.claim()) {
                throw refused; // answered as a problem; the timer finds the poll answered
            }
            return;
        }
        poll.follow(subscription);
        if (subscription.first() != null) {
            poll.changed(subscription.first());
        }
    }

    private final class Poll extends ParkedReply {
        private final JsonPath group;

        Poll(Request request, Response response, Callback callback, JsonPath group) {
            super(request, response, callback, timeouts);
            this.group = group;
        }

        void changed(GroupWatches.GroupState state) {
            if (claim()) {
                send(GroupJson.group(state.group()));
            }
        }

        @Override
        void timedOut() {
            send(GroupJson.group(view.state().coordination().group(group)));
        }
    }
}
