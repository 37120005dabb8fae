package dev.lighthouse.coord;

import dev.lighthouse.tree.JsonPath;

/**
 * A write's claim that {@code member} of {@code group} holds with {@code token}. The applier
 * checks it in the same step as the write, so a holder that has since been replaced (its
 * session expired while it paused) cannot write after its successor.
 */
public record Fence(JsonPath group, String member, long token) {

    @Override
    public String toString() {
        return Names.text(group) + "/" + member + "=" + token;
    }
}
