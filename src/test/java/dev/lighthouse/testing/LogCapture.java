package dev.lighthouse.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects what a logger (and those below it) logs in this JVM, as "LEVEL logger - message"
 * lines, for tests about what an operator would read. Close it to detach.
 *
 * <p>To capture what a class-wide fixture logs while it starts, register one made by
 * {@link #forClass} as an extension ahead of the fixture ({@code @Order}): it attaches before
 * the first test's set-up and detaches after the last test's tear-down.
 */
public final class LogCapture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + " - " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        // A strong reference: java.util.logging forgets loggers nobody holds, handlers and all.
        logger = Logger.getLogger(name);
        handler.setLevel(Level.ALL);
    }

    /** Captures from now until closed. */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(loggerName);
        capture.logger.addHandler(capture.handler);
        return capture;
    }

    /** Captures while the test class runs, once registered on a static field with {@code @RegisterExtension}. */
    public static LogCapture forClass(String loggerName) {
        return new LogCapture(loggerName);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        logger.addHandler(handler);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines containing every one of the fragments. */
    public List<String> matching(String... fragments) {
        return lines.stream().filter(line -> {
            for (String fragment : fragments) {
                if (!line.contains(fragment)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
