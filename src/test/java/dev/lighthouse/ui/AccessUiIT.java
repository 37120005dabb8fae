package dev.lighthouse.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.config.ConfigFile;
import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Browser;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The token field against a server with access control: 401 and 403 shown plainly, the token kept in the tab only. */
class AccessUiIT {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String READER = "reader-token-0123456789";

    @TempDir
    Path dir;
    TestServer server;
    Browser browser;

    private static String token(String name, String token, String grants) {
        return "{\"name\":\"" + name + "\",\"sha512\":\"" + DigestUtils.sha512Hex(token) + "\",\"grants\":[" + grants + "]}";
    }

    @BeforeEach
    void start() throws Exception {
        browser = Browser.start();
        Path conf = dir.resolve("lighthouse.json");
        Files.writeString(conf, "{\"access\":{\"tokens\":["
                + token("admin", ADMIN, "{\"path\":\"/\",\"read\":true,\"write\":true}") + ","
                + token("reader", READER, "{\"path\":\"/app\",\"read\":true}") + "]}}");
        server = TestServer.start(dir.resolve("data.d"), cfg -> cfg.withAccess(ConfigFile.read(conf).access(), conf));
        server.http().header("Authorization", "Bearer " + ADMIN).contentType(Api.MERGE)
                .body("{\"app\":{\"web\":{\"port\":80}},\"secret\":{\"k\":1}}").patch("/data/").then().statusCode(200);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                assertEquals(java.util.List.of(), browser.consoleErrors(), "errors in the browser's console");
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    private void useToken(String token) {
        WebElement field = browser.find(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.click(By.cssSelector("#token-form button[type='submit']"));
    }

    @Test
    void theTokenFieldOpensTheDocumentAndRefusalsAreShownPlainly() {
        browser.open(server.url() + "/ui/");
        browser.text(By.id("notice"), "401 Unauthorized");
        browser.text(By.id("live"), "refused: 401");
        browser.screenshot("token");

        useToken(READER);
        browser.text(By.id("notice"), "403 Forbidden");
        WebElement path = browser.find(By.id("path"));
        path.clear();
        path.sendKeys("/app\n");
        browser.text(By.cssSelector("li[data-pointer='/app/web'] > .row"), "{…} 1 member");

        browser.find(By.id("path")).clear();
        useToken(ADMIN);
        browser.text(By.cssSelector("li[data-pointer='/secret'] > .row"), "{…} 1 member");
        browser.until("the notice is cleared", d -> d.findElement(By.id("notice")).getText().isEmpty());
        browser.text(By.id("live"), "live");

        assertEquals(ADMIN, browser.script("return sessionStorage.getItem('lighthouse.token')"));
        assertEquals(0L, browser.script("return localStorage.length"), "nothing is kept beyond the tab");
        assertEquals("", browser.script("return document.cookie"));
        assertTrue(!browser.find(By.id("token")).getAttribute("value").contains(ADMIN), "the field does not show the token");
        assertTrue(browser.find(By.id("curl")).getAttribute("value").contains("$LIGHTHOUSE_TOKEN"),
                "copy-as-curl names the token's variable, never the token");

        browser.click(By.id("token-forget"));
        assertEquals(null, browser.script("return sessionStorage.getItem('lighthouse.token')"));
        browser.text(By.id("notice"), "401 Unauthorized");
    }
}
