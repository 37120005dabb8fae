package dev.lighthouse.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lighthouse.store.BundledExample;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Browser;
import dev.lighthouse.testing.Ports;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser against a real server over the bundled data.d: the tree, a
 * lock-edit-review-commit round trip, history diffs and rollback, live updates across a lost
 * connection, groups and the cluster. One browser for the class, a server per test.
 */
class WebUiIT {

    static Browser browser;

    @TempDir
    Path dir;
    TestServer server;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            assertEquals(List.of(), browser.consoleErrors(), "errors in the browser's console");
        } finally {
            browser.open("about:blank");
            if (server != null) {
                Api.assertNo5xx(server);
                server.close();
            }
        }
    }

    /** A server over a copy of the repository's bundled data.d, on {@code port} (0: any). */
    private TestServer bundled(int port) throws Exception {
        Path dataDir = dir.resolve("data.d");
        BundledExample.copyIfMissing(Path.of(System.getProperty("lighthouse.home", "."), "data.d"), dataDir);
        server = port == 0 ? TestServer.start(dataDir) : TestServer.start(dataDir, cfg -> cfg.withPort(port));
        return server;
    }

    private static By row(String pointer) {
        return By.cssSelector("li[data-pointer='" + pointer + "'] > .row");
    }

    private static void expand(String pointer) {
        browser.click(By.cssSelector("li[data-pointer='" + pointer + "'] > .row > button.toggle"));
    }

    @Test
    void theTreeRendersTheBundledDocumentALevelAtATime() throws Exception {
        bundled(0);
        browser.open(server.url() + "/");
        assertEquals(server.url() + "/ui/", browser.driver().getCurrentUrl(), "a browser asking for / lands on /ui/");
        browser.text(row("/file"), "\"/var/log/apache2/access.log\"");
        browser.text(row("/size"), "1024");
        browser.text(row("/providers"), "{…} 3 members");
        assertTrue(browser.driver().findElements(row("/providers/alpha")).isEmpty(), "a level is loaded when opened");
        browser.text(By.id("seq"), "1");
        expand("/providers");
        expand("/providers/alpha");
        browser.text(row("/providers/alpha/1"), "\"192.168.1.2\"");
        browser.click(row("/providers/alpha"));
        browser.text(By.id("selected-pointer"), "/providers/alpha");
        assertEquals("curl -s '" + server.url() + "/data/providers/alpha'",
                browser.find(By.id("curl")).getAttribute("value"));
        browser.screenshot("tree");

        WebElement path = browser.find(By.id("path"));
        path.clear();
        path.sendKeys("providers/gamma\n");
        browser.text(row("/providers/gamma/0"), "\"192.168.3.1\"");
        assertTrue(browser.driver().findElements(row("/file")).isEmpty(), "the tree is rooted at the path bar's path");
    }

    @Test
    void lockEditReviewCommitRoundTrip() throws Exception {
        bundled(0);
        Api.acquire(server, "cron");
        browser.open(server.url() + "/ui/#edit");
        browser.text(By.id("lock-holder"), "cron");
        setLockName("ops-ui");
        browser.click(By.id("lock-take"));
        String refused = browser.text(By.cssSelector("#lock-result .problem"), "409");
        assertTrue(refused.contains("holder: cron"), refused);
        Api.abortIfHeld(server, "cron");

        browser.click(By.id("lock-take"));
        browser.text(By.id("lock-state"), "You hold the lock");
        stage("/size", "set", "2048");
        stage("/providers", "merge", "{\"delta\":[\"10.0.0.1\"]}");
        stage("/file", "delete", null);
        stage("/size", "set", "{oops");
        String problem = browser.text(By.cssSelector("#stage-result .problem"), "400");
        assertTrue(problem.contains("PUT /update/ops-ui/size") && problem.contains("{oops"),
                "the refusal shows the request that caused it: " + problem);
        browser.text(By.cssSelector("#review tr[data-path='/providers/delta'] td"), "add");
        browser.text(By.cssSelector("#review tr[data-path='/size']"), "1024");
        browser.text(By.cssSelector("#review tr[data-path='/size']"), "2048");
        browser.text(By.cssSelector("#review tr[data-path='/file']"), "/var/log/apache2/access.log");
        assertEquals(1, Api.version(server).seq(), "nothing is committed before Commit");
        browser.script("document.getElementById('stage-log').scrollIntoView()");
        browser.screenshot("edit");

        browser.click(By.id("commit"));
        browser.text(By.id("commit-result"), "Committed seq 2");
        assertEquals("2048", Api.data(server, "/size").trim());
        Api.assertSameJson("[\"10.0.0.1\"]", Api.data(server, "/providers/delta"));
        assertEquals(404, server.http().get("/data/file").statusCode());
        JsonNode newest = Api.json(server.http().get("/versions?limit=1")).get(0);
        assertEquals("ops-ui", newest.get("lock").asText());
        browser.text(By.id("lock-state"), "Unlocked");
        browser.click(By.cssSelector("nav a[href='#tree']"));
        browser.text(row("/size"), "2048");
    }

    private static void setLockName(String name) {
        WebElement input = browser.find(By.id("lock-name"));
        input.clear();
        input.sendKeys(name);
    }

    private static void stage(String path, String op, String value) {
        WebElement pathInput = browser.find(By.id("stage-path"));
        pathInput.clear();
        pathInput.sendKeys(path);
        browser.script("document.getElementById('stage-op').value = arguments[0];"
                + "document.getElementById('stage-op').dispatchEvent(new Event('change'));", op);
        WebElement valueInput = browser.find(By.id("stage-value"));
        if (value != null) {
            valueInput.clear();
            valueInput.sendKeys(value);
        }
        int before = browser.driver().findElements(By.cssSelector("#stage-log li")).size();
        browser.click(By.id("stage-submit"));
        browser.until("the edit is logged", d -> d.findElements(By.cssSelector("#stage-log li")).size() > before);
    }

    @Test
    void historyShowsTheDiffOfTwoVersionsAndRollsBack() throws Exception {
        bundled(0);
        Api.patchOk(server, "/", Api.MERGE, "{\"size\":2048,\"mode\":\"fast\"}");
        Api.patchOk(server, "/providers", Api.MERGE, "{\"gamma\":null}");
        browser.open(server.url() + "/ui/#history");
        browser.text(By.cssSelector("#versions tr[data-seq='3']"), "patch");
        browser.text(By.cssSelector("#versions tr[data-seq='2']"), "/mode");
        browser.click(By.cssSelector("#versions tr[data-seq='1'] input[name='diff-a']"));
        browser.click(By.cssSelector("#versions tr[data-seq='3'] input[name='diff-b']"));
        browser.click(By.id("diff-run"));
        browser.text(By.cssSelector("#diff h3"), "From seq 1 to seq 3");
        browser.text(By.cssSelector("#diff tr[data-path='/size']"), "1024");
        browser.text(By.cssSelector("#diff tr[data-path='/size']"), "2048");
        browser.text(By.cssSelector("#diff tr[data-path='/mode']"), "add");
        browser.text(By.cssSelector("#diff tr[data-path='/providers/gamma']"), "192.168.3.1");
        assertEquals(3, browser.driver().findElements(By.cssSelector("#diff tbody tr")).size());
        browser.screenshot("history");

        browser.click(By.cssSelector("#versions tr[data-seq='1'] button.rollback"));
        browser.click(By.cssSelector("#versions tr[data-seq='1'] button.confirm-rollback"));
        browser.text(By.id("rollback-result"), "seq 4 now holds seq 1");
        assertEquals(Api.text(server.http().get("/versions/1/data/")), Api.data(server, "/"),
                "the current document is seq 1's again");
        browser.text(By.cssSelector("#versions tr[data-seq='4']"), "current");
    }

    @Test
    void liveUpdatesArriveWithoutAReloadAndSurviveALostConnection() throws Exception {
        bundled(Ports.free());
        browser.open(server.url() + "/ui/");
        browser.text(By.id("live"), "live");
        expand("/providers");
        browser.find(row("/providers/alpha"));
        browser.script("window.notReloaded = true");

        Api.patchOk(server, "/providers", Api.MERGE, "{\"alpha\":[\"10.1.1.1\"]}");
        browser.text(By.id("seq"), "2");
        browser.find(By.cssSelector("li[data-pointer='/providers/alpha'] > .row.changed"));
        expand("/providers/alpha");
        browser.text(row("/providers/alpha/0"), "\"10.1.1.1\"");

        server.restart();
        Api.patchOk(server, "/", Api.MERGE, "{\"size\":4096}");
        browser.until("the loss is noticed", d -> browser.script("return document.getElementById('live').dataset.losses") != null);
        browser.text(By.id("live"), "resumed");
        browser.text(row("/size"), "4096");
        browser.text(By.id("seq"), "3");
        assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true"), "the page was reloaded");
    }

    @Test
    void groupsShowMembersInRankOrderWithHoldersAndFollowChanges() throws Exception {
        bundled(0);
        String db1 = session("db1");
        String db2 = session("db2");
        join("mysql", "db1", db1);
        join("mysql", "db2", db2);
        browser.open(server.url() + "/ui/#groups");
        browser.click(By.cssSelector("button[data-group='mysql']"));
        List<WebElement> rows = browser.until("two members", d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#group tr[data-member]"));
            return found.size() == 2 ? found : null;
        });
        assertEquals("db1", rows.get(0).getAttribute("data-member"));
        assertTrue(rows.get(0).getText().contains("holder"), rows.get(0).getText());
        assertTrue(rows.get(1).getText().contains("waiting"), rows.get(1).getText());
        browser.text(By.id("sessions"), db1);
        browser.screenshot("groups");

        server.http().delete("/sessions/" + db1).then().statusCode(204);
        browser.until("db2 holds alone", d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#group tr[data-member]"));
            return found.size() == 1 && found.get(0).getText().contains("holder") ? found : null;
        });
    }

    private String session(String name) {
        return Api.json(server.http().body("{\"name\":\"" + name + "\",\"ttl\":\"1m\"}").post("/sessions")).get("id").asText();
    }

    private void join(String group, String member, String session) {
        server.http().body("{\"session\":\"" + session + "\",\"value\":{\"host\":\"" + member + ".local\"},\"limit\":1}")
                .put("/groups/" + group + "/members/" + member).then().statusCode(200);
    }

    @Test
    void theClusterViewShowsTheLeaderAndShoutsDivergence() throws Exception {
        bundled(0);
        browser.open(server.url() + "/ui/#cluster");
        String self = Api.json(server.http().get("/cluster")).get("self").asText();
        browser.text(By.cssSelector("#cluster tr[data-member='" + self + "']"), "leader");
        browser.text(By.id("health"), "active");
        browser.screenshot("cluster");
        Object found = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/js/cluster.js').then(m => done(m.divergences(["
                + "{name:'a',seq:5,checksum:'sha256:aa'},{name:'b',seq:5,checksum:'sha256:bb'},"
                + "{name:'c',seq:4,checksum:'sha256:cc'},{name:'d',seq:5,checksum:'sha256:aa'}]).join('|')));");
        assertEquals("seq 5: a, d sha256:aa… vs b sha256:bb…", found);
    }
}
