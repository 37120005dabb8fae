package dev.lighthouse.ctl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code members GROUP}: a group's members in rank order, one name a line, the caller's own as
 * {@code *}, so that a shell script asks "am I the leader?" with
 * {@code [ "$(lighthousectl members mysql --limit 1)" = "*" ]}.
 */
@Command(name = "members", description = {"Prints a group's members in rank order, one name a line; your own"
        + " member (--me) as *.", "With --limit N only the first N (the holders of a group whose limit is N)."})
final class MembersCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "GROUP", description = "the group's name, a path such as mysql or srv/dm")
    String group;

    @Option(names = "--limit", paramLabel = "N", description = "print only the first N members")
    Integer limit;

    @Option(names = "--me", paramLabel = "NAME", defaultValue = "${env:LIGHTHOUSE_MEMBER}",
            description = "your own member's name, printed as * (default: $LIGHTHOUSE_MEMBER)")
    String me;

    @Option(names = "--json", description = "print the group as JSON: members with rank, holder, token, value")
    boolean json;

    @Override
    public Integer call() {
        if (limit != null && limit < 0) {
            throw CtlFailure.usage("--limit must be 0 or more, not " + limit);
        }
        byte[] reply = ctl.client().call("GET", "/groups/" + GroupPath.encode(group), null).body();
        if (json) {
            ctl.output().bytes(JsonText.pretty(reply));
            return 0;
        }
        List<Map<String, Object>> members = GroupPath.members(reply);
        int shown = limit == null ? members.size() : Math.min(limit, members.size());
        for (int i = 0; i < shown; i++) {
            String name = JsonTree.text(members.get(i), "member");
            ctl.output().line(me != null && !me.isEmpty() && me.equals(name) ? "*" : name);
        }
        return 0;
    }
}
