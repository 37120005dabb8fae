package dev.lighthouse.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The problem table, as clients and docs/api.md know it, and how failed waits become problems. */
class ProblemTypeTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z-]+)` \\|", Pattern.MULTILINE);

    @Test
    void docsApiListsExactlyTheTable() throws Exception {
        Map<String, Integer> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/api.md")));
        while (row.find()) {
            documented.put(row.group(2), Integer.parseInt(row.group(1)));
        }
        Map<String, Integer> table = Arrays.stream(ProblemType.values())
                .collect(Collectors.toMap(ProblemType::type, ProblemType::status, (a, b) -> a, LinkedHashMap::new));
        assertEquals(table, documented, "docs/api.md's error table, in the same order as ProblemType");
    }

    @Test
    void everyTypeIsAKebabNameUnderProblems() {
        for (ProblemType type : ProblemType.values()) {
            assertEquals("/problems/" + type.type(), type.uri());
            assertEquals(type.name().toLowerCase().replace('_', '-'), type.type(), "the name says the type");
            assertFalse(type.title().isBlank());
        }
    }

    @Test
    void aRefusalOfTheRequestsFormCannotStandInForAProblemWithMembers() {
        assertEquals(414, new RequestRefused(ProblemType.URI_TOO_LONG, "long").status());
        assertEquals(400, new RequestRefused(ProblemType.HTTPS_REQUIRED, "plain").status());
        for (ProblemType withMembers : new ProblemType[] {ProblemType.LOCK_HELD, ProblemType.UNAVAILABLE,
                ProblemType.INTERNAL_ERROR, ProblemType.NOT_SERVING, ProblemType.INSUFFICIENT_STORAGE}) {
            assertThrows(IllegalArgumentException.class, () -> new RequestRefused(withMembers, "x"), withMembers.name());
        }
    }

    /** A forwarded write's refusal crosses the cluster Java-serialized (jgroups-raft's REDIRECT). */
    @Test
    void insufficientStorageSurvivesJavaSerialization() throws Exception {
        InsufficientStorage sent = new InsufficientStorage("the leader's disk is full");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sent);
        }
        Object received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = in.readObject();
        }
        InsufficientStorage refusal = (InsufficientStorage) received;
        assertSame(ProblemType.INSUFFICIENT_STORAGE, refusal.problem());
        assertEquals(507, refusal.status());
        assertEquals("the leader's disk is full", refusal.detail());
        assertEquals(Map.of("outcome", "not-applied"), refusal.extensions());
    }

    @Test
    void aWaitHandsOnTheFuturesOwnProblem() {
        Conflict own = new Conflict("taken");
        LighthouseException seen = assertThrows(LighthouseException.class, () -> Futures.await(
                CompletableFuture.failedFuture(own), Duration.ofSeconds(1), "the write", Unavailable.Outcome.UNKNOWN));
        assertSame(own, seen);
        assertSame(own, Futures.problem(new java.util.concurrent.CompletionException(own), "the write",
                Duration.ofSeconds(1), Unavailable.Outcome.UNKNOWN));
    }

    @Test
    void aWaitThatRunsOutIsUnavailableWithTheCallersOutcome() {
        Unavailable late = (Unavailable) assertThrows(LighthouseException.class, () -> Futures.await(
                new CompletableFuture<>(), Duration.ofMillis(20), "the write", Unavailable.Outcome.UNKNOWN));
        assertEquals(Unavailable.Outcome.UNKNOWN, late.outcome());
        assertEquals("the write did not complete within 20 ms; it may still be applied", late.detail());
        Unavailable read = (Unavailable) Futures.problem(new java.util.concurrent.TimeoutException(), "the read",
                Duration.ofSeconds(10), Unavailable.Outcome.NOT_APPLIED);
        assertEquals(Unavailable.Outcome.NOT_APPLIED, read.outcome());
        assertEquals("the read did not complete within 10000 ms", read.detail());
    }

    @Test
    void anyOtherFailureIsAnInternalErrorThatNamesOnlyItsId() {
        LighthouseException bug = assertThrows(LighthouseException.class, () -> Futures.await(
                CompletableFuture.failedFuture(new IllegalStateException("secret internals")), Duration.ofSeconds(1),
                "the write", Unavailable.Outcome.UNKNOWN));
        InternalFailure failure = (InternalFailure) bug;
        assertEquals(500, failure.status());
        assertTrue(failure.detail().endsWith("under id " + failure.id()), failure.detail());
        assertFalse(failure.detail().contains("secret") || failure.detail().contains("Exception"), failure.detail());
    }
}
