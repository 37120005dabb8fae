package dev.lighthouse.ctl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Shows the cluster as the server sees it (one member a line, * marks the"
        + " leader) and the update lock.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Option(names = "--json", description = "print {\"cluster\": the server's view, \"lock\": the lock state} as JSON")
    boolean json;

    @Override
    public Integer call() {
        byte[] view = ctl.client().call("GET", "/cluster", null).body();
        byte[] lock = ctl.client().call("GET", "/lock", null).body();
        if (json) {
            ctl.output().bytes(JsonText.pretty(JsonText.object("cluster", view, "lock", lock)));
            return 0;
        }
        Map<String, Object> cluster = JsonTree.object(view, "cluster view");
        String leader = JsonTree.text(cluster, "leader");
        Table table = new Table("NAME", "HTTP", "STATE", "SEQ", "LEADER");
        for (Map<String, Object> member : members(cluster)) {
            String name = JsonTree.text(member, "name");
            table.row(name, JsonTree.text(member, "http"), JsonTree.text(member, "state"), JsonTree.text(member, "seq"),
                    name != null && name.equals(leader) ? "*" : "");
        }
        table.print(ctl.output());
        if (leader == null) {
            ctl.output().line("no leader: writes fail until one is elected");
        }
        if (cluster.get("divergence") != null) {
            ctl.output().line("DIVERGED: " + cluster.get("divergence") + " (see /cluster and /health)");
        }
        ctl.output().line(lockLine(JsonTree.object(lock, "lock state")));
        return 0;
    }

    static String lockLine(Map<String, Object> lock) {
        if (!Boolean.TRUE.equals(lock.get("locked"))) {
            return "lock: free";
        }
        return "lock: held by " + JsonTree.text(lock, "name") + " since " + JsonTree.text(lock, "since")
                + ", expires " + JsonTree.text(lock, "expires") + " (base " + JsonTree.text(lock, "base")
                + ", " + JsonTree.text(lock, "staged") + " staged)";
    }

    /** The members in the server's order; entries that are not objects are skipped. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> members(Map<String, Object> cluster) {
        if (!(cluster.get("members") instanceof List<?> list)) {
            throw CtlFailure.failed("the server's cluster view has no member list");
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }
}
