package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cluster members} and {@code cluster remove NAME}: the cluster's own membership. */
@Command(name = "cluster", description = "The cluster's members: list them, or remove one for good.",
        subcommands = {ClusterCommand.Members.class, ClusterCommand.Remove.class})
final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Override
    public Integer call() {
        throw CtlFailure.usage("cluster needs a subcommand: members or remove NAME");
    }

    @Command(name = "members", description = {"Prints each member's HTTP address, one a line, the leader first, for"
            + " scripts", "(members whose address is not known, being unreachable, are left out)."})
    static final class Members implements Callable<Integer> {

        @ParentCommand
        ClusterCommand cluster;

        @Override
        public Integer call() {
            LighthouseCtl ctl = cluster.ctl;
            Map<String, Object> view = JsonTree.object(ctl.client().call("GET", "/cluster", null).body(), "cluster view");
            String leader = JsonTree.text(view, "leader");
            List<String> addresses = new ArrayList<>();
            for (Map<String, Object> member : StatusCommand.members(view)) {
                String http = JsonTree.text(member, "http");
                if (http == null) {
                    continue;
                }
                if (leader != null && leader.equals(JsonTree.text(member, "name"))) {
                    addresses.add(0, http);
                } else {
                    addresses.add(http);
                }
            }
            addresses.forEach(ctl.output()::line);
            return 0;
        }
    }

    @Command(name = "remove", description = "Removes a member from the cluster for good (it must not come back"
            + " with its old data.d).")
    static final class Remove implements Callable<Integer> {

        @ParentCommand
        ClusterCommand cluster;

        @Parameters(paramLabel = "NAME", description = "the member's name, as `status` shows it")
        String name;

        @Override
        public Integer call() {
            cluster.ctl.client().call("DELETE", "/cluster/members/" + DocPath.encodeLiteral(name), null);
            cluster.ctl.output().line("removed " + name);
            return 0;
        }
    }
}
