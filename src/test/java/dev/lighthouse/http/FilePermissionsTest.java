package dev.lighthouse.http;

import static dev.lighthouse.testing.Api.JSON;
import static dev.lighthouse.testing.Api.MERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything a node writes under data.d is its user's alone, whatever the umask it was started with. */
class FilePermissionsTest {

    @TempDir
    Path dir;

    @Test
    void dataDirectoriesAre0700AndFiles0600() throws Exception {
        Path dataDir = dir.resolve("data.d");
        try (TestServer server = TestServer.start(dataDir)) {
            server.http().contentType(MERGE).body("{\"db\":{\"password\":\"hunter2\"}}").patch("/data/")
                    .then().statusCode(200);
            server.http().contentType(JSON).body("{\"name\":\"h\",\"path\":\"/db\",\"url\":\"http://127.0.0.1:9/\"}")
                    .post("/hooks").then().statusCode(201);
        }
        List<String> wrong = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path path : all.toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                String actual = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (!actual.equals(expected)) {
                    wrong.add(dataDir.relativize(path) + " " + actual);
                }
                files += Files.isDirectory(path) ? 0 : 1;
            }
        }
        assertTrue(files >= 5, "version, hooks, members and Raft files were written: " + files);
        assertEquals(List.of(), wrong);
    }
}
