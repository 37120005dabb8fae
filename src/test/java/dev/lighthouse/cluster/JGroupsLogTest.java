package dev.lighthouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lighthouse.testing.LogCapture;
import java.util.List;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;
import org.jgroups.protocols.pbcast.GMS;
import org.junit.jupiter.api.Test;

/** JGroups' lines, as an operator reads them: under the JGroups class that logged them. */
class JGroupsLogTest {

    @Test
    void theClusterNodeHasJGroupsLogThroughUs() throws Exception {
        Class.forName(ClusterNode.class.getName()); // its static initializer installs the factory
        assertInstanceOf(JGroupsLog.class, LogFactory.getLog(GMS.class));
    }

    @Test
    void linesCarryTheLoggingClassesNameAndFormatOnlyWhatIsLogged() {
        Log log = JGroupsLog.FACTORY.getLog(GMS.class);
        Object costly = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("formatted a trace message nobody logs");
            }
        };
        try (LogCapture lines = LogCapture.of("org.jgroups")) {
            log.info("%s: no members discovered after %d ms: creating cluster as coordinator", "node1", 12);
            log.trace("%s", costly);
            log.debug("%s", costly);
            assertEquals(List.of("INFO org.jgroups.protocols.pbcast.GMS - node1: no members discovered after 12 ms:"
                    + " creating cluster as coordinator"), lines.lines());
        }
    }
}
