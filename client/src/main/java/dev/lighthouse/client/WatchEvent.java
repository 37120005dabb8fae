package dev.lighthouse.client;

/**
 * One event of a path's stream ({@code GET /watch/{path}}), as {@link LighthouseClient#watch}
 * hands it on.
 *
 * @param kind what happened to the value
 * @param seq  the version the event comes from (-1 when the server gave none)
 * @param json the value's JSON text exactly as the server sent it (numbers as written), for
 *             {@link Kind#VALUE}; empty otherwise
 */
public record WatchEvent(Kind kind, long seq, byte[] json) {

    public enum Kind {
        /** The path has this value (the current one first, then after each change). */
        VALUE,
        /** The path is absent. */
        ABSENT,
        /**
         * The version resumed from is older than the server's history: changes in between
         * may have been skipped; the current state follows at once.
         */
        RESYNC
    }
}
