package dev.lighthouse;

import dev.lighthouse.config.ConfigException;
import dev.lighthouse.config.ServerCommand;
import dev.lighthouse.config.ServerConfig;
import dev.lighthouse.store.BundledExample;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * {@code bin/lighthouse}: parse flags, start, run until SIGTERM/SIGINT. Whatever stops it from
 * starting (misuse, a bad conf file, a data.d it cannot or must not start on, a port in use) is
 * one line on stderr saying why, and exit code 2.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        WarmUp.begin();
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
        run(command, config, err);
    }

    private static void run(ServerCommand command, ServerConfig config, PrintWriter err) {
        Lighthouse node;
        try {
            if (command.dataDirDefaulted()) {
                BundledExample.copyIfMissing(ServerCommand.bundledDataDir(), config.dataDir());
            }
            node = Lighthouse.start(config);
        } catch (Exception e) {
            err.println("lighthouse: could not start: " + StartFailure.describe(e));
            System.exit(2);
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
