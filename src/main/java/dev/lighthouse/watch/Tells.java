package dev.lighthouse.watch;

import java.util.Arrays;

/**
 * The waiters one state concerns, each with what to tell it, gathered under the notifier's lock
 * and told after it is released. Kept apart by how they are told ({@link Tellers}): the answers
 * that end a request (long polls, joins waiting to hold) and the events of open streams. Each is
 * kept in two flat arrays that grow once and are reused from state to state, so ten thousand
 * waiters cost no allocation per waiter. Filled and cleared by the notifier thread only; read by
 * its helpers between the two.
 */
final class Tells {

    final Batch answers = new Batch();
    final Batch events = new Batch();

    <C> void add(Waiter<C> waiter, C change) {
        (waiter.once() ? answers : events).add(waiter, change);
    }

    /** Drops the references, so told waiters and their replies can be collected. */
    void clear() {
        answers.clear();
        events.clear();
    }

    /** Waiters of one kind, in the order they were added. */
    static final class Batch {
        private Waiter<?>[] waiters = new Waiter<?>[64];
        private Object[] changes = new Object[64];
        private int size;

        private <C> void add(Waiter<C> waiter, C change) {
            if (size == waiters.length) {
                waiters = Arrays.copyOf(waiters, size * 2);
                changes = Arrays.copyOf(changes, size * 2);
            }
            waiters[size] = waiter;
            changes[size] = change;
            size++;
        }

        int size() {
            return size;
        }

        /** Tells the waiters {@code from} (inclusive) to {@code to} (exclusive). */
        @SuppressWarnings("unchecked")
        void tell(int from, int to) {
            for (int i = from; i < to; i++) {
                ((Waiter<Object>) waiters[i]).tell(changes[i]);
            }
        }

        private void clear() {
            Arrays.fill(waiters, 0, size, null);
            Arrays.fill(changes, 0, size, null);
            size = 0;
        }
    }
}
