package dev.lighthouse.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The audit line lists a commit's changed paths, but a bulk load's thousands of them only up to a bound. */
class AuditPathsTest {

    @Test
    void aFewPathsAreListedWhole() {
        assertEquals("[/a, /b/c]", AuditPaths.of(List.of("/a", "/b/c")));
    }

    @Test
    void manyPathsAreCutAtTheBoundAndCounted() {
        List<String> changed = IntStream.range(0, 5000).mapToObj(i -> "/bulk/k" + i).toList();
        String line = AuditPaths.of(changed);
        assertTrue(line.endsWith("+" + (5000 - AuditPaths.MAX_LISTED) + " more"), line);
        assertTrue(line.contains("/bulk/k19") && !line.contains("/bulk/k20,") && !line.contains("/bulk/k20]"), line);
    }
}
