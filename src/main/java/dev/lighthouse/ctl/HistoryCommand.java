package dev.lighthouse.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "Lists the retained versions, newest first: seq, time, lock name, changed paths.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "at most N versions (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw CtlFailure.usage("--limit must be at least 1");
        }
        List<Object> versions = JsonTree.array(ctl.api().get("/versions?limit=" + limit).body(), "version list");
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
