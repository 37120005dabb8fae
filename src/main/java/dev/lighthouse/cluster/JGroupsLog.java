package dev.lighthouse.cluster;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;

/**
 * JGroups' and jgroups-raft's logging, on java.util.logging like the rest of the node and under
 * the logging class's name ({@code org.jgroups.protocols.TCP}, ...). Their own JDK adapter hands
 * records over without a logger name (printed as {@code null}), and their SLF4J one formats every
 * trace message before asking whether trace is on (a third of the Raft runner's time, since
 * jgroups-raft traces each message). Here nothing is formatted unless it is logged.
 */
final class JGroupsLog implements Log {

    /** Installed by {@link ClusterNode} before any JGroups class asks for its logger. */
    static final CustomLogFactory FACTORY = new CustomLogFactory() {
        @Override
        public Log getLog(Class<?> type) {
            return new JGroupsLog(type.getName());
        }

        @Override
        public Log getLog(String name) {
            return new JGroupsLog(name);
        }
    };

    private final Logger logger;

    private JGroupsLog(String name) {
        this.logger = Logger.getLogger(name);
    }

    private void log(Level level, String message, Object[] args, Throwable error) {
        if (logger.isLoggable(level)) {
            logger.log(level, args == null || args.length == 0 ? message : String.format(message, args), error);
        }
    }

    @Override
    public boolean isFatalEnabled() {
        return logger.isLoggable(Level.SEVERE);
    }

    @Override
    public boolean isErrorEnabled() {
        return logger.isLoggable(Level.SEVERE);
    }

    @Override
    public boolean isWarnEnabled() {
        return logger.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isLoggable(Level.INFO);
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isLoggable(Level.FINE);
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isLoggable(Level.FINER);
    }

    @Override
    public void fatal(String message) {
        log(Level.SEVERE, message, null, null);
    }

    @Override
    public void fatal(String format, Object... args) {
        log(Level.SEVERE, format, args, null);
    }

    @Override
    public void fatal(String message, Throwable error) {
        log(Level.SEVERE, message, null, error);
    }

    @Override
    public void error(String message) {
        log(Level.SEVERE, message, null, null);
    }

    @Override
    public void error(String format, Object... args) {
        log(Level.SEVERE, format, args, null);
    }

    @Override
    public void error(String message, Throwable error) {
        log(Level.SEVERE, message, null, error);
    }

    @Override
    public void warn(String message) {
        log(Level.WARNING, message, null, null);
    }

    @Override
    public void warn(String format, Object... args) {
        log(Level.WARNING, format, args, null);
    }

    @Override
    public void warn(String message, Throwable error) {
        log(Level.WARNING, message, null, error);
    }

    @Override
    public void info(String message) {
        log(Level.INFO, message, null, null);
    }

    @Override
    public void info(String format, Object... args) {
        log(Level.INFO, format, args, null);
    }

    @Override
    public void debug(String message) {
        log(Level.FINE, message, null, null);
    }

    @Override
    public void debug(String format, Object... args) {
        log(Level.FINE, format, args, null);
    }

    @Override
    public void debug(String message, Throwable error) {
        log(Level.FINE, message, null, error);
    }

    @Override
    public void trace(Object message) {
        if (logger.isLoggable(Level.FINER)) {
            logger.log(Level.FINER, String.valueOf(message));
        }
    }

    @Override
    public void trace(String message) {
        log(Level.FINER, message, null, null);
    }

    @Override
    public void trace(String format, Object... args) {
        log(Level.FINER, format, args, null);
    }

    @Override
    public void trace(String message, Throwable error) {
        log(Level.FINER, message, null, error);
    }

    /** JGroups' probe can set a protocol's level at run time; its names are log4j's. */
    @Override
    public void setLevel(String level) {
        logger.setLevel(switch (level.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "fatal", "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINER;
            default -> Level.OFF;
        });
    }

    @Override
    public String getLevel() {
        Level level = logger.getLevel();
        return level == null ? null : level.getName();
    }
}
