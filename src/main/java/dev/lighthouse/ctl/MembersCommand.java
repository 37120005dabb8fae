package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "members", description = {"Prints each member's HTTP address, one a line, the leader first, for scripts",
        "(members whose address is not known, being unreachable, are left out)."})
final class MembersCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Override
    public Integer call() {
        Map<String, Object> cluster = JsonTree.object(ctl.api().get("/cluster").body(), "cluster view");
        String leader = JsonTree.text(cluster, "leader");
        List<String> addresses = new ArrayList<>();
        for (Map<String, Object> member : StatusCommand.members(cluster)) {
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
