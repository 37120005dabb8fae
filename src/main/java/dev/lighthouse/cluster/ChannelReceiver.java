package dev.lighthouse.cluster;

import dev.lighthouse.cluster.raft.RaftCommandLog;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's receiver: members' own messages go to {@link ClusterMessages}; a member that
 * leaves the view fails the writes and renewals forwarded to it at once, rather than after the
 * write timeout.
 */
final class ChannelReceiver implements Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelReceiver.class);

    private final ClusterMessages messages;
    private final RaftCommandLog log;
    private final RenewalRelay renewals;
    private View current;

    ChannelReceiver(ClusterMessages messages, RaftCommandLog log, RenewalRelay renewals) {
        this.messages = messages;
        this.log = log;
        this.renewals = renewals;
    }

    @Override
    public void receive(Message message) {
        messages.receive(message);
    }

    @Override
    public void viewAccepted(View newView) {
        LOG.info("cluster view: {}", newView.getMembers());
        if (current != null) {
            log.membersLeft(View.leftMembers(current, newView));
            renewals.membersLeft(View.leftMembers(current, newView));
        }
        current = newView;
    }
}
