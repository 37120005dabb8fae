package dev.lighthouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lighthouse.error.InvalidInput;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    private static final Duration MAX = Duration.ofMinutes(10);

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "30, 30000", "5m, 300000", "0s, 0", "' 7s ', 7000", "10m, 600000",
            "600000ms, 600000", "007s, 7000"})
    void readsAnIntegerWithAUnitBareMeaningSeconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text, MAX, "timeout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "s", "ms", "-1s", "+1s", "1.5s", "1d", "1 s", "1S", "1sec", "1msx", "1hm",
            "\uFF15s", "1234567890123s", "0x10s"})
    void refusesAnythingElse(String text) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> Durations.parse(text, MAX, "timeout"));
        assertTrue(refused.getMessage().contains("timeout must be an integer with a unit ms, s, m or h"),
                refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"11m", "601s", "600001ms", "1h", "999999999999h", "999999999999s"})
    void refusesMoreThanTheMaximumWithoutOverflowing(String text) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> Durations.parse(text, MAX, "timeout"));
        assertTrue(refused.getMessage().contains("timeout may be at most 10m"), refused.getMessage());
    }

    @Test
    void refusesNothingAtAll() {
        assertThrows(InvalidInput.class, () -> Durations.parse(null, MAX, "ttl"));
    }
}
