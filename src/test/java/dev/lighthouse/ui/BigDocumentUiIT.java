package dev.lighthouse.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Browser;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Opening the UI on the benchmark's big document (bench/bench.py's generator and loader): the top
 * level shows within a second, as the tree loads a level at a time. Generating and loading 64 MiB
 * takes a minute, so it runs only when asked: {@code -Dui.bigdoc=64} (the size in MiB).
 */
class BigDocumentUiIT {

    private static final long TOP_LEVEL_MS = 1000;

    @TempDir
    Path dir;

    @Test
    void theTopLevelOfTheBigDocumentShowsWithinASecond() throws Exception {
        String mib = System.getProperty("ui.bigdoc");
        Assumptions.assumeTrue(mib != null, "big-document UI check skipped; run with -Dui.bigdoc=64");
        Path home = Path.of(System.getProperty("lighthouse.home", "."));
        Path doc = dir.resolve("big.json");
        try (TestServer server = TestServer.start(dir.resolve("data.d"));
             Browser browser = Browser.start()) {
            python(home, "gendoc", doc.toString(), mib);
            python(home, "load", server.url(), doc.toString());
            browser.open(server.url() + "/ui/");
            browser.text(By.cssSelector("li[data-pointer='/services'] > .row"), "members");
            double shown = ((Number) browser.script(
                    "return performance.getEntriesByName('lighthouse-tree-shown')[0].startTime")).doubleValue();
            @SuppressWarnings("unchecked")
            List<Object> outline = (List<Object>) browser.script("return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.includes('/data/?outline')).map(e => [e.duration, e.transferSize])[0]");
            System.out.printf("big document (%s MiB): top level shown %.0f ms after navigation start; "
                    + "its outline request %.0f ms, %s bytes%n", mib, shown, ((Number) outline.get(0)).doubleValue(),
                    outline.get(1));
            browser.click(By.cssSelector("li[data-pointer='/services'] > .row > button.toggle"));
            browser.text(By.cssSelector("li[data-pointer='/services/svc-000'] > .row"), "members");
            assertEquals(0, browser.driver().findElements(By.cssSelector("li[data-pointer='/services/svc-000/regions']"))
                    .size(), "only the opened level is loaded");
            assertTrue(shown < TOP_LEVEL_MS, "the top level took " + shown + " ms to show");
        }
    }

    private static void python(Path home, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", home.resolve("bench/bench.py").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "bench.py " + args[0] + " did not finish in 5 minutes");
        assertEquals(0, process.exitValue(), "bench.py " + args[0] + " failed");
    }
}
