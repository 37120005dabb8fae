package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run GROUP}: holds a session and a membership of GROUP, and runs START/STOP (or one
 * command) as the membership starts and stops holding. See docs/cli.md and docs/coordination.md.
 */
@Command(name = "run", description = {"Joins GROUP for as long as it runs, and acts while its member holds:",
        "with --start/--stop, runs START on becoming a holder (and again when the group changes) and STOP when it",
        "stops holding; with -- CMD, runs CMD while it holds and stops it (its whole process group) if the hold is",
        "lost, exiting with CMD's code. SIGTERM or SIGINT: STOP (or CMD stopped), then it leaves."})
final class RunCommand implements Callable<Integer> {

    /** Held so that its level stays set: the logger manager keeps loggers only weakly. */
    private static final Logger CLIENT_LOGS = Logger.getLogger("dev.lighthouse.client");

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(index = "0", paramLabel = "GROUP", description = "the group, a path such as mysql or srv/dm")
    String group;

    @Parameters(index = "1..*", paramLabel = "CMD", arity = "0..*", description = "the command to run while holding")
    List<String> command = List.of();

    @Option(names = "--count", paramLabel = "N", description = "the group's limit: the first N members hold"
            + " (default: every member holds)")
    int count;

    @Option(names = "--name", paramLabel = "M", description = "this member's name (default: host name and pid)")
    String name;

    @Option(names = "--value", paramLabel = "JSON", description = "this member's value, shown to the others")
    String value;

    @Option(names = "--ttl", paramLabel = "DUR", defaultValue = "10s",
            description = "the session's ttl, renewed every ttl/3 (default ${DEFAULT-VALUE})")
    String ttl;

    @Option(names = "--start", paramLabel = "CMD", description = "run with sh -c on becoming a holder")
    String start;

    @Option(names = "--stop", paramLabel = "CMD", description = "run with sh -c on no longer holding")
    String stop;

    @Override
    public Integer call() {
        Duration sessionTtl = Durations.parse(ttl, "--ttl");
        if (count < 0) {
            throw CtlFailure.usage("--count must be 0 or more, not " + count);
        }
        boolean startStop = start != null || stop != null;
        if (startStop == !command.isEmpty()) {
            throw CtlFailure.usage("give either --start CMD --stop CMD, or -- CMD ARGS...");
        }
        if (startStop && (start == null || stop == null)) {
            throw CtlFailure.usage("--start and --stop go together");
        }
        if (value != null && !JsonText.isJson(value.getBytes(StandardCharsets.UTF_8))) {
            throw CtlFailure.usage("--value must be JSON, such as '{\"http\":\"10.0.0.5:8080\"}' or '\"text\"'");
        }
        String member = name != null ? name : hostName() + "-" + ProcessHandle.current().pid();
        HoldActions actions = startStop ? new HoldActions.StartStop(start, stop, ctl.output())
                : new HoldActions.OneCommand(command, ctl.output());
        CLIENT_LOGS.setLevel(Level.OFF); // a lost session is reported by run itself, in one line
        RunMembership membership = new RunMembership(ctl.client(), GroupPath.encode(group), group, member, value, count,
                sessionTtl, actions, ctl.output());
        Runtime.getRuntime().addShutdownHook(new Thread(membership::stop, "lighthousectl-run-stop"));
        return membership.run(!startStop);
    }

    /** The host's name without asking DNS (so nothing leaves this machine to find it). */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (java.io.IOException e) {
            return "host";
        }
    }

    /** The environment START, STOP and CMD see. */
    static Map<String, String> env(String group, String member, long rank, long token) {
        Map<String, String> env = new HashMap<>();
        env.put("LIGHTHOUSE_GROUP", group);
        env.put("LIGHTHOUSE_MEMBER", member);
        env.put("LIGHTHOUSE_RANK", Long.toString(rank));
        env.put("LIGHTHOUSE_TOKEN", Long.toString(token));
        return env;
    }
}
