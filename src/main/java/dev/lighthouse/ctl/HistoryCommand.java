package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "Lists the retained versions, newest first: seq, time, lock name, changed"
        + " paths (--json: the server's list, with checksums).")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N versions (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print the versions as JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw CtlFailure.usage("--limit must be at least 1");
        }
        byte[] reply = ctl.client().call("GET", "/versions?limit=" + limit, null).body();
        if (json) {
            ctl.output().bytes(JsonText.pretty(reply));
            return 0;
        }
        List<Object> versions = JsonTree.array(reply, "version list");
        Table table = new Table("SEQ", "TIMESTAMP", "LOCK", "CHANGED");
        for (Object entry : versions) {
            if (entry instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<String, Object> version = (Map<String, Object>) raw;
                table.row(JsonTree.text(version, "seq"), JsonTree.text(version, "timestamp"),
                        JsonTree.text(version, "lock"), changed(version.get("changed")));
            }
        }
        table.print(ctl.output());
        return 0;
    }

    private static String changed(Object changed) {
        if (!(changed instanceof List<?> pointers) || pointers.isEmpty()) {
            return "-";
        }
        List<String> texts = new ArrayList<>();
        for (Object pointer : pointers) {
            texts.add(String.valueOf(pointer));
        }
        return String.join(" ", texts);
    }
}
