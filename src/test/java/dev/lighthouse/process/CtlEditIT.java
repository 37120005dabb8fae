package dev.lighthouse.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Ctl;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lighthousectl edit with scripted editors: a change commits, no change, a failing editor or bad JSON commit nothing. */
class CtlEditIT {

    @TempDir
    Path temp;

    private TestServer server;
    private Ctl ctl;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(temp.resolve("data.d"));
        ctl = Ctl.of(server.url());
        assertEquals(200, Api.send(server, "PATCH", "/data/", Api.MERGE,
                "{\"app\":{\"port\":8080,\"hosts\":[\"a\",\"b\"]},\"other\":true}").statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aSavedChangeIsCommittedAsOneVersion() throws Exception {
        Path editor = script("sed-port", "sed -i 's/8080/9090/' \"$1\"");
        Ctl.Result edit = ctl.env("EDITOR", editor.toString()).run("edit", "/app");
        assertEquals(0, edit.exitCode(), edit.toString());
        assertEquals("2\n", edit.out());
        assertEquals("{\"port\":9090,\"hosts\":[\"a\",\"b\"]}", data("/app"));
        assertEquals("true", data("/other"));
        assertLockFreeAndNoTempFilesLeft(2);
    }

    @Test
    void theEditorSeesTheValueIndentedAndMayCarryArguments() throws Exception {
        Path seen = temp.resolve("seen.json");
        Path editor = script("copy", "cp \"$2\" \"$1\"");
        Ctl.Result edit = ctl.env("EDITOR", editor + " " + seen).run("edit", "app/hosts");
        assertEquals(0, edit.exitCode(), edit.toString());
        assertEquals("[\n  \"a\",\n  \"b\"\n]\n", Files.readString(seen));
        assertEquals("unchanged\n", edit.out());
    }

    @Test
    void anUnchangedFileAbortsAndExitsZero() throws Exception {
        Ctl.Result edit = ctl.env("EDITOR", "true").run("edit");
        assertEquals(0, edit.exitCode(), edit.toString());
        assertEquals("unchanged\n", edit.out());
        assertLockFreeAndNoTempFilesLeft(1);
    }

    @Test
    void aFailingEditorAbortsWithExitCodeOne() throws Exception {
        Path editor = script("fails", "sed -i 's/8080/1/' \"$1\"; exit 3");
        Ctl.Result edit = ctl.env("EDITOR", editor.toString()).run("edit");
        assertEquals(1, edit.exitCode(), edit.toString());
        assertEquals(List.of("lighthousectl: the editor exited with code 3; nothing changed"), edit.errLines());
        assertEquals("8080", data("/app/port"));
        assertLockFreeAndNoTempFilesLeft(1);
    }

    @Test
    void invalidJsonIsReportedNothingChangesAndTheEditIsKept() throws Exception {
        Path editor = script("breaks", "sed -i 's/8080/80 80/' \"$1\"");
        Ctl.Result edit = ctl.env("EDITOR", editor.toString()).run("edit");
        assertEquals(1, edit.exitCode(), edit.toString());
        assertEquals(1, edit.errLines().size(), edit.toString());
        assertTrue(edit.err().startsWith("lighthousectl: the edited file is not valid JSON ("), edit.toString());
        String kept = edit.err().substring(edit.err().indexOf("your edit is kept in ") + 21).strip();
        assertTrue(Files.readString(Path.of(kept)).contains("80 80"), kept);
        Files.delete(Path.of(kept));
        assertEquals("8080", data("/app/port"));
        assertLockFreeAndNoTempFilesLeft(1);
    }

    @Test
    void underALockNameTheEditIsStagedNotCommitted() throws Exception {
        Ctl ops = ctl.env("LIGHTHOUSE_LOCK", "ops");
        assertEquals(0, ops.run("lock").exitCode());
        Path editor = script("sed-port", "sed -i 's/8080/9090/' \"$1\"");
        Ctl.Result edit = ops.env("EDITOR", editor.toString()).run("edit", "app");
        assertEquals(0, edit.exitCode(), edit.toString());
        assertEquals("staged\n", edit.out());
        assertEquals("8080", data("/app/port"));
        assertEquals("2\n", ops.run("commit").out());
        assertEquals("9090", data("/app/port"));
    }

    private Path script(String name, String body) throws Exception {
        Path file = temp.resolve(name + ".sh");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private String data(String path) throws Exception {
        return Api.text(server.http().get("/data" + path)).trim();
    }

    private void assertLockFreeAndNoTempFilesLeft(long seq) throws Exception {
        assertEquals("{\"locked\":false}", Api.text(server.http().get("/lock")).trim());
        assertTrue(Api.text(server.http().get("/version")).contains("\"seq\":" + seq + ","));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("lighthousectl-edit-"))
                    .filter(f -> isNewerThanTheTest(f)).toList());
        }
    }

    private boolean isNewerThanTheTest(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() >= Files.getLastModifiedTime(temp).toMillis();
        } catch (Exception e) {
            return false;
        }
    }
}
