package dev.lighthouse;

import dev.lighthouse.config.ConfigException;
import dev.lighthouse.config.ServerCommand;
import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.store.StartRefused;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** {@code bin/lighthouse}: parse flags, start, run until SIGTERM/SIGINT. Exit 2 on misuse or a data.d it must not start on, 1 on other failures to start. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ServerCommand command = new ServerCommand();
        CommandLine cli = new CommandLine(command);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
        } catch (CommandLine.ParameterException e) {
            err.println("lighthouse: " + e.getMessage() + " (see --help)");
            System.exit(2);
        }
        ServerConfig config;
        try {
            config = command.toConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("lighthouse: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config, err);
    }

    /** A refusal may reach here wrapped by the JGroups stack that was starting when it was raised. */
    private static StartRefused refusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartRefused refused) {
                return refused;
            }
        }
        return null;
    }

    private static void run(ServerConfig config, PrintWriter err) {
        Lighthouse node;
        try {
            node = Lighthouse.start(config);
        } catch (Exception e) {
            StartRefused refused = refusal(e);
            err.println("lighthouse: could not start: " + (refused != null ? refused.getMessage() : e.getMessage()));
            System.exit(refused != null ? 2 : 1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                err.println("lighthouse: error while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }, "lighthouse-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
