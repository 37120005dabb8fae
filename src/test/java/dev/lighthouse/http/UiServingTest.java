package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.RawHttp;
import dev.lighthouse.testing.TestServer;
import io.restassured.config.RedirectConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /ui/}: the web UI's files from the jar, their headers, and the redirect browsers get from {@code /}. */
class UiServingTest {

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        Api.assertNo5xx(server);
        server.close();
    }

    private static RequestSpecification noRedirects() {
        return server.http().config(io.restassured.RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/ui/,              text/html; charset=utf-8",
        "/ui/index.html,    text/html; charset=utf-8",
        "/ui/style.css,     text/css; charset=utf-8",
        "/ui/js/main.js,    text/javascript; charset=utf-8",
        "/ui/icon.svg,      image/svg+xml"})
    void filesComeWithTheirTypeAndASameOriginPolicy(String path, String type) {
        Response r = server.http().get(path);
        assertEquals(200, r.statusCode());
        assertEquals(type, r.contentType());
        assertEquals("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                r.header("Content-Security-Policy"), "nothing but the page's own origin");
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals(r.asByteArray().length, Integer.parseInt(r.header("Content-Length")));
    }

    @Test
    void anUnchangedFileRevalidatesWith304() {
        String etag = server.http().get("/ui/js/api.js").header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        Response again = server.http().header("If-None-Match", etag).get("/ui/js/api.js");
        assertEquals(304, again.statusCode());
        assertEquals(0, again.asByteArray().length);
        assertEquals(etag, again.header("ETag"));
        assertEquals(200, server.http().header("If-None-Match", "\"other\"").get("/ui/js/api.js").statusCode());
    }

    @Test
    void aBrowserAskingForTheRootIsSentToTheUi() {
        Response r = noRedirects().accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/");
        assertEquals(302, r.statusCode());
        assertEquals("/ui/", r.header("Location"));
    }

    @Test
    void curlAndScriptsStillGetA404ProblemForTheRoot() {
        assertProblem(noRedirects().accept("*/*").get("/"), 404, "not-found");
        assertProblem(noRedirects().accept("application/json").get("/"), 404, "not-found");
    }

    @Test
    void uiWithoutItsSlashMovesThere() {
        Response r = noRedirects().get("/ui");
        assertEquals(301, r.statusCode());
        assertEquals("/ui/", r.header("Location"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/nothing.js", "/ui/../../dev/lighthouse/Main.class", "/ui/%2e%2e/logging.properties",
        "/ui/js/../index.html", "/ui/a/b/c.js", "/ui/Main.class", "/ui/.hidden.js"})
    void anythingButTheUiFilesIsRefused(String path) throws Exception {
        RawHttp.Reply reply = RawHttp.send(server.port(), "GET", path);
        // Jetty itself refuses a path that climbs above the root (400); the rest reach UiFiles.
        if (path.startsWith("/ui/../")) {
            assertProblem(reply, 400, "invalid-input");
        } else {
            assertProblem(reply, 404, "not-found");
        }
    }

    @Test
    void writesAre405() {
        Response r = server.http().body("x").post("/ui/index.html");
        assertProblem(r, 405, "method-not-allowed");
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    /** Every file the jar serves, read back through the server: none may load or send anything elsewhere. */
    @Test
    void noFileReferencesAnotherOrigin() throws Exception {
        Path root = Path.of(UiServingTest.class.getClassLoader().getResource("ui").toURI());
        Pattern external = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 10, "found only " + files);
        for (Path file : files) {
            String name = root.relativize(file).toString();
            Response r = server.http().get("/ui/" + name);
            assertEquals(200, r.statusCode(), name);
            String text = new String(r.asByteArray(), StandardCharsets.UTF_8);
            Matcher m = external.matcher(text.replace("http://www.w3.org/2000/svg", ""));
            assertFalse(m.find(), () -> name + " references " + m.group());
        }
    }
}
