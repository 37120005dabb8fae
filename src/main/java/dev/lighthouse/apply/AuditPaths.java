package dev.lighthouse.apply;

import java.util.List;

/** The changed paths of a commit as one bounded log field: a bulk load must not write a megabyte line. */
final class AuditPaths {

    static final int MAX_LISTED = 20;

    private AuditPaths() {
    }

    static String of(List<String> changed) {
        if (changed.size() <= MAX_LISTED) {
            return changed.toString();
        }
        return changed.subList(0, MAX_LISTED) + "+" + (changed.size() - MAX_LISTED) + " more";
    }
}
