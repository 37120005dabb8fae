package dev.lighthouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
