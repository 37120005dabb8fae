package dev.lighthouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.coord.CoordinationLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The cluster settings as flags and in the conf file: which wins, and what is refused. */
class ServerCommandTest {

    @TempDir
    Path dir;

    private ServerConfig config(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.toConfig();
    }

    private Path conf(String server) throws Exception {
        Path file = dir.resolve("lighthouse.json");
        Files.writeString(file, "{ \"server\": " + server + " }");
        return file;
    }

    @Test
    void seedsComeFromTheConfFileUnlessAFlagNamesThem() throws Exception {
        Path conf = conf("{ \"seeds\": [\"127.0.0.1:7801\", \"localhost:7802\"], \"name\": \"n2\", \"clusterPort\": 7803 }");
        ServerConfig fromFile = config("--conf=" + conf);
        assertEquals(List.of("127.0.0.1:7801", "localhost:7802"), fromFile.seeds());
        assertEquals("n2", fromFile.name());
        assertEquals(7803, fromFile.clusterPort());
        assertEquals(List.of("127.0.0.1:7900"), config("--conf=" + conf, "--seeds=127.0.0.1:7900").seeds());
    }

    @Test
    void noSeedsAnywhereIsASingleNode() {
        ServerConfig config = config();
        assertEquals(List.of(), config.seeds());
        assertEquals(ServerConfig.DEFAULT_CLUSTER_PORT, config.clusterPort());
    }

    @Test
    void badSeedsInTheConfFileAreRefusedNamingThem() throws Exception {
        ConfigException notAList = assertThrows(ConfigException.class,
                () -> config("--conf=" + conf("{ \"seeds\": \"127.0.0.1:7801\" }")));
        assertTrue(notAList.getMessage().contains("server.seeds"), notAList.getMessage());
        ConfigException notAString = assertThrows(ConfigException.class,
                () -> config("--conf=" + conf("{ \"seeds\": [7801] }")));
        assertTrue(notAString.getMessage().contains("server.seeds"), notAString.getMessage());
        ConfigException noPort = assertThrows(ConfigException.class,
                () -> config("--conf=" + conf("{ \"seeds\": [\"127.0.0.1\"] }")));
        assertTrue(noPort.getMessage().contains("'127.0.0.1'"), noPort.getMessage());
    }

    @Test
    void hostPortAcceptsNamesAndIpv6AndRefusesTheRest() {
        assertEquals(7801, HostPort.parse("node-1.example:7801").getPort());
        assertEquals("::1", HostPort.parse("::1:7801").getHostString());
        for (String bad : new String[] {"", ":7801", "host:", "host:0", "host:65536", "host:x1", "host"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
        }
    }

    private ConfigException refusedAccess(String access) throws Exception {
        Path file = dir.resolve("access.json");
        Files.writeString(file, "{ \"access\": " + access + " }");
        return assertThrows(ConfigException.class, () -> config("--conf=" + file));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"tokens\": [{\"name\": \"a\", \"sha512\": \"abc\"}]}| access.tokens[0].sha512 must be 128 hex digits",
        "{\"tokens\": [{\"name\": \"a b\"}]}| access.tokens[0].name",
        "{\"tokens\": {}}| 'access.tokens' must be an array",
        "{\"token\": []}| unknown setting 'access.token'",
        "{\"publicRead\": [\"app\"]}| must be a path like /app/db",
        "{\"publicRead\": [\"/app/\"]}| must be a path like /app/db",
        "{\"secrets\": [\"\"]}| access.secrets[] must not be empty",
        "{\"openProbes\": \"yes\"}| 'access.openProbes' must be true or false",
        "{\"tokens\": [{\"name\": \"a\", \"sha512\": \"SHA\", \"grants\": [{\"path\": \"/\", \"rw\": true}]}]}"
            + "| access.tokens[0].sha512"})
    void aBadAccessSectionIsRefusedNamingTheSetting(String access, String expected) throws Exception {
        ConfigException refused = refusedAccess(access);
        assertTrue(refused.getMessage().contains(expected.strip()), refused.getMessage());
    }

    @Test
    void twoTokensWithOneNameAreRefused() throws Exception {
        String sha = "a".repeat(128);
        ConfigException refused = refusedAccess("{\"tokens\": [{\"name\": \"x\", \"sha512\": \"" + sha
                + "\"}, {\"name\": \"x\", \"sha512\": \"" + sha + "\"}]}");
        assertTrue(refused.getMessage().contains("two tokens are named 'x'"), refused.getMessage());
    }

    @Test
    void aGoodAccessSectionReachesTheConfig() throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, "{ \"access\": {\"tokens\": [{\"name\": \"ops\", \"sha512\": \"" + "AB".repeat(64)
                + "\", \"grants\": [{\"path\": \"/app\", \"write\": true}]}], \"publicRead\": [\"/\"]} }");
        ServerConfig config = config("--conf=" + file);
        assertEquals(file, config.confFile());
        assertEquals("ab".repeat(64), config.access().tokens().get(0).sha512());
        assertEquals(new AccessSection.GrantEntry("/app", false, true), config.access().tokens().get(0).grants().get(0));
        assertTrue(config.access().openProbes());
        assertEquals(null, config().access(), "no conf file, no access control");
    }

    @Test
    void theCoordinationLimitsComeFromTheConfFileAndDefaultToTheDocumentedOnes() throws Exception {
        assertEquals(new CoordinationLimits(100_000, 10_000, 65_536), config().limits().coordination());
        Path file = dir.resolve("limits.json");
        Files.writeString(file, "{ \"limits\": {\"maxSessions\": 50, \"maxGroupMembers\": 7,"
                + " \"maxMemberValueBytes\": 1024} }");
        assertEquals(new CoordinationLimits(50, 7, 1024), config("--conf=" + file).limits().coordination());
        Files.writeString(file, "{ \"limits\": {\"maxSessions\": -1} }");
        ConfigException refused = assertThrows(ConfigException.class, () -> config("--conf=" + file));
        assertTrue(refused.getMessage().contains("limits.maxSessions"), refused.getMessage());
    }
}
