package dev.lighthouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.testing.Api;
import dev.lighthouse.testing.Await;
import dev.lighthouse.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live values, sessions and group memberships through the client, against a real single-node server. */
class ClientFollowAndCoordinateTest extends ClientAgainstServer {

    private static final Duration WAIT = Duration.ofSeconds(20);

    record Feature(boolean enabled, int percent) {
    }

    @Override
    String initialDocument() {
        return "{\"app\":{\"feature\":{\"enabled\":false,\"percent\":0}}}";
    }

    @Test
    void aLiveValueStartsWithTheCurrentStateAndHearsEveryCommitInOrder() {
        LiveValue<Feature> feature = client.follow("app/feature", Feature.class);
        assertEquals(new Feature(false, 0), feature.await(WAIT).value());
        List<Versioned<Feature>> heard = new CopyOnWriteArrayList<>();
        feature.onChange(heard::add);
        assertEquals(1, heard.size(), "a new listener hears the current state at once");
        for (int percent = 10; percent <= 30; percent += 10) {
            client.mergePatch("/app/feature", Map.of("enabled", true, "percent", percent));
        }
        Await.until("three changes heard", WAIT, () -> heard.size() == 4);
        assertEquals(List.of(0, 10, 20, 30), heard.stream().map(state -> state.value().percent()).toList());
        assertEquals(client.version().seq(), feature.current().orElseThrow().seq());
        client.mergePatch("/app", client.json().createObjectNode().putNull("feature"));
        Await.until("the removal heard", WAIT, () -> heard.size() == 5);
        assertNull(heard.get(4).value(), "absent");
    }

    @Test
    void awaitOnAnAbsentPathWaitsForItAndTimesOutSayingWhy() {
        LiveValue<Feature> later = client.follow("app/later", Feature.class);
        UnavailableException none = assertThrows(UnavailableException.class, () -> later.await(Duration.ofMillis(300)));
        assertEquals("timeout", none.type());
        assertTrue(none.getMessage().contains("app/later"), none.getMessage());
        client.mergePatch("/app/later", Map.of("enabled", true, "percent", 5));
        assertEquals(5, later.await(WAIT).value().percent());
    }

    @Test
    void aSessionStaysAliveWhileRenewedAndItsMemberHoldsWithAToken() throws Exception {
        Session session = client.openSession("web1", Duration.ofSeconds(2));
        Membership leader = client.join(session, "mysql", "db1", Map.of("host", "10.0.0.1"), 1, Duration.ZERO);
        assertTrue(leader.holder());
        assertEquals(1, leader.rank());
        assertTrue(leader.token() > 0);
        assertEquals("mysql/db1=" + leader.token(), leader.fence());
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Await.until("three ttls passing", Duration.ofSeconds(10), () -> System.nanoTime() > until || session.lost());
        assertFalse(session.lost(), "renewed in the background");
        assertTrue(client.group("mysql").member("db1").orElseThrow().holder());
        assertTrue(client.mergePatch("/app", Map.of("primary", "db1"), WriteOptions.fence(leader.fence())).isPresent());
        session.close();
        assertTrue(session.lost());
        assertFalse(leader.holder());
        assertEquals(List.of(), client.group("mysql").members());
    }

    @Test
    void theNextMemberHearsItBecameHolderAndTheOldHoldersFenceIsRefused() throws Exception {
        Session first = client.openSession("a", Duration.ofSeconds(10));
        Session second = client.openSession("b", Duration.ofSeconds(10));
        Membership a = client.join(first, "mysql", "db1", null, 1, Duration.ZERO);
        Membership b = client.join(second, "mysql", "db2", null, 1, Duration.ZERO);
        assertFalse(b.holder());
        assertEquals(0, b.token());
        AtomicBoolean promoted = new AtomicBoolean();
        b.onHolderChange(promoted::set);
        String oldFence = a.fence();
        a.close();
        Await.until("db2 hearing it holds", WAIT, promoted::get);
        assertTrue(b.holder());
        assertEquals(1, b.rank());
        assertTrue(b.token() > a.token());
        ConflictException fenced = assertThrows(ConflictException.class,
                () -> client.mergePatch("/app", Map.of("primary", "db1"), WriteOptions.fence(oldFence)));
        assertEquals("precondition-failed", fenced.type());
        first.close();
        second.close();
    }

    @Test
    void aSessionTheServerEndedIsLostAndTellsItsListener() throws Exception {
        Session session = client.openSession(null, Duration.ofSeconds(10));
        AtomicBoolean told = new AtomicBoolean();
        session.onLost(() -> told.set(true));
        server.http().delete("/sessions/" + session.id()).then().statusCode(204);
        assertThrows(NotFoundException.class, session::renew);
        assertTrue(session.lost());
        assertTrue(told.get());
    }

    @Test
    void aSessionWhoseRenewalsGoUnansweredIsLostByTheClientsClockBeforeItsTtl(@TempDir Path otherDir)
            throws Exception {
        TestServer doomed = TestServer.start(otherDir);
        try (LighthouseClient alone = builder().members(doomed.url()).build()) {
            long opened = System.nanoTime();
            Session session = alone.openSession(null, Duration.ofSeconds(2));
            AtomicBoolean told = new AtomicBoolean();
            session.onLost(() -> told.set(true));
            doomed.close(); // every renewal now fails to connect
            Await.until("the session lost", WAIT, told::get);
            long after = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertTrue(after < 2000, "lost after " + after + " ms, not before the 2 s ttl ran out");
        }
    }
}
