package dev.lighthouse.apply;

import dev.lighthouse.tree.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The held update lock and the document its holder has staged.
 *
 * @param owner  the access token (principal) name that took it; null without access control
 * @param base   the seq the staged document started from
 * @param staged number of edits staged so far
 */
public record LockState(String name, String owner, Instant since, Instant expires, Duration ttl, long base,
                        ObjectNode document, int staged) {

    public boolean lapsedAt(Instant now) {
        return !now.isBefore(expires);
    }

    LockState renewed(Instant now, Duration newTtl) {
        return new LockState(name, owner, since, now.plus(newTtl), newTtl, base, document, staged);
    }

    LockState withEdit(ObjectNode newDocument, Instant now) {
        return new LockState(name, owner, since, now.plus(ttl), ttl, base, newDocument, staged + 1);
    }
}
