package dev.lighthouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.error.InsufficientStorage;
import dev.lighthouse.error.InternalFailure;
import dev.lighthouse.error.LighthouseException;
import dev.lighthouse.error.LockHeld;
import dev.lighthouse.error.NotFound;
import dev.lighthouse.error.NotServing;
import dev.lighthouse.error.ProblemType;
import dev.lighthouse.error.TooManyFailedLogins;
import dev.lighthouse.error.Unavailable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/** Problem bodies, byte for byte as docs/api.md shows them, from the one table. */
class ProblemWriterTest {

    private static String body(LighthouseException problem) {
        return text(ProblemWriter.body(problem));
    }

    /** Without the final newline every JSON reply ends with. */
    private static String text(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("}\n"), text);
        return text.substring(0, text.length() - 1);
    }

    @Test
    void membersComeInRfcOrderThenTheProblemsOwn() {
        assertEquals("{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"nothing at /app/x\",\"path\":\"/app/x\"}", body(new NotFound("nothing at /app/x", "/app/x")));
        assertEquals("{\"type\":\"/problems/lock-held\",\"title\":\"Update lock held by another\",\"status\":409,"
                + "\"detail\":\"the update lock is held by 'ops'\",\"holder\":\"ops\"}", body(new LockHeld("ops")));
        assertEquals("{\"type\":\"/problems/unavailable\",\"title\":\"Cluster unavailable\",\"status\":503,"
                + "\"detail\":\"no leader\",\"outcome\":\"unknown\"}",
                body(new Unavailable("no leader", Unavailable.Outcome.UNKNOWN)));
        assertEquals("{\"type\":\"/problems/insufficient-storage\",\"title\":\"Insufficient storage\",\"status\":507,"
                + "\"detail\":\"disk full\",\"outcome\":\"not-applied\"}", body(new InsufficientStorage("disk full")));
        assertEquals("{\"type\":\"/problems/too-many-failed-logins\",\"title\":\"Too many failed logins\","
                + "\"status\":429,\"detail\":\"10.0.0.9 presented too many invalid access tokens; try again in 42 s\","
                + "\"retryAfter\":42}", body(new TooManyFailedLogins("10.0.0.9", 42)));
    }

    /** RFC 9457: {@code status} is the HTTP status, always; the node's state has a member of its own. */
    @Test
    void aNodeNotServingKeepsStatusANumberAndSaysItsState() {
        assertEquals("{\"type\":\"/problems/not-serving\",\"title\":\"Node not serving\",\"status\":503,"
                + "\"detail\":\"catching up\",\"state\":\"joining\"}", body(new NotServing("joining", "catching up")));
    }

    @Test
    void statusesTheHttpMachineryRaisesReadLikeOurOwn() {
        assertEquals("{\"type\":\"/problems/method-not-allowed\",\"title\":\"Method not allowed\",\"status\":405,"
                + "\"detail\":\"no\"}", text(ProblemWriter.forStatus(405, "no")));
        assertEquals("{\"type\":\"/problems/headers-too-large\",\"title\":\"Request headers too large\","
                + "\"status\":431,\"detail\":\"big\"}", text(ProblemWriter.forStatus(431, "big")));
        assertEquals("{\"type\":\"/problems/http-408\",\"title\":\"HTTP 408\",\"status\":408,\"detail\":\"slow\"}",
                text(ProblemWriter.forStatus(408, "slow")));
        String internal = text(ProblemWriter.forStatus(502, "org.example.SomeException: details"));
        assertTrue(internal.startsWith("{\"type\":\"/problems/internal-error\",\"title\":\"Internal server error\","
                + "\"status\":500,"), internal);
        assertFalse(internal.contains("Exception"), internal);
    }

    @Test
    void anythingElseIsAnInternalFailureExceptAClientThatLeft() {
        LighthouseException bug = ProblemWriter.problemFor(new CompletionException(new NullPointerException("x")));
        assertInstanceOf(InternalFailure.class, bug);
        assertFalse(body(bug).contains("NullPointer"), body(bug));
        LighthouseException gone = ProblemWriter.problemFor(new RuntimeException(new EofException("reset")));
        assertEquals(ProblemType.INVALID_INPUT, gone.problem(), "not an internal error: the client went away");
    }

    @Test
    void aProblemMayNotOverwriteTheStandardMembers() {
        LighthouseException clash = new LighthouseException(ProblemType.CONFLICT, "x") {
            @Override
            public Map<String, Object> extensions() {
                return Map.of("status", "joining");
            }
        };
        assertThrows(IllegalStateException.class, () -> ProblemWriter.body(clash));
    }
}
