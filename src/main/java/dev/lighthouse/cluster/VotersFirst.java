package dev.lighthouse.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.MembershipChangePolicy;
import org.jgroups.util.ExtendedUUID;

/**
 * Keeps a node that knew itself to be a Raft member at start at the head of
 * every JGroups view. jgroups-raft lets only the view's coordinator (its
 * first member) run elections, with its own idea of the Raft membership; a
 * node that has just joined knows none, so when such nodes formed a view
 * first (started before the node that bootstraps) and the views then merged,
 * no leader was ever elected. Members are marked in their address at start.
 */
final class VotersFirst implements MembershipChangePolicy {

    private static final String MARK = "lighthouse-voter";
    private static final byte[] YES = "1".getBytes(StandardCharsets.US_ASCII);

    private final MembershipChangePolicy standard = new GMS.DefaultMembershipPolicy();

    /** Marks this node's address as a voter's; call before connecting. */
    static void markVoter(JChannel channel) {
        channel.addAddressGenerator(() -> ExtendedUUID.randomUUID(channel.getName()).put(MARK, YES));
    }

    @Override
    public List<Address> getNewMembership(Collection<Address> current, Collection<Address> joiners,
                                          Collection<Address> leavers, Collection<Address> suspects) {
        return votersFirst(standard.getNewMembership(current, joiners, leavers, suspects));
    }

    @Override
    public List<Address> getNewMembership(Collection<Collection<Address>> subviews) {
        return votersFirst(standard.getNewMembership(subviews));
    }

    /** A stable partition: order within each group is kept, so the coordinator moves only when it must. */
    private static List<Address> votersFirst(List<Address> members) {
        List<Address> voters = new ArrayList<>(members.size());
        List<Address> others = new ArrayList<>();
        for (Address member : members) {
            (isVoter(member) ? voters : others).add(member);
        }
        voters.addAll(others);
        return voters;
    }

    private static boolean isVoter(Address address) {
        return address instanceof ExtendedUUID extended && extended.get(MARK) != null;
    }
}
