package dev.lighthouse.ctl;

import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LighthouseException;
import dev.lighthouse.config.VersionInfo;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/lighthousectl}: the command line, the options every subcommand shares, and
 * the exit codes (0 done, 1 the server refused or could not be reached, 2 usage).
 */
@Command(name = "lighthousectl", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Reads, changes and follows the configuration in a Lighthouse server.",
        footer = {"", "Environment: LIGHTHOUSE_URL (server), LIGHTHOUSE_TOKEN (bearer token),"
                + " LIGHTHOUSE_LOCK (lock name), EDITOR (for edit).",
                "Exit codes: 0 ok, 1 server error or server unreachable, 2 usage error."})
public final class LighthouseCtl implements Callable<Integer> {

    /** The subcommands, in the order --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(GetCommand.class, SetCommand.class, RmCommand.class,
            EditCommand.class, LockCommand.class, CommitCommand.class, AbortCommand.class, WatchCommand.class,
            SyncCommand.class, HistoryCommand.class, DiffCommand.class, RollbackCommand.class, StatusCommand.class,
            MembersCommand.class, RunCommand.class, ClusterCommand.class, LsCommand.class, TokenCommand.class,
            KeyCommand.class, CompletionCommand.class);

    /** Global options that take a value, so that the value is not mistaken for the command's name. */
    private static final List<String> VALUED_OPTIONS = List.of("--server", "--ca", "--cert");

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL[,URL...]",
            defaultValue = "${env:LIGHTHOUSE_URL:-http://127.0.0.1:8001}",
            description = "server URL, or several members' URLs tried in turn (default: $LIGHTHOUSE_URL or ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--ca", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PEM file of the CA certificates to trust for https")
    Path ca;

    @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "PKCS#12 file with the client certificate and key to present over https"
                    + " (password: $LIGHTHOUSE_CERT_PASSWORD)")
    Path cert;

    /** Long enough for the slowest single request (a commit of a large document on a busy disk). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Output output;
    private LighthouseClient client;

    LighthouseCtl(Output output) {
        this.output = output;
    }

    public static void main(String[] args) {
        Output output = Output.system();
        int code = run(args, output);
        output.flush();
        System.exit(code);
    }

    /** Runs one command line; returns its exit code. */
    static int run(String[] args, Output output) {
        CommandLine cli;
        try {
            cli = commandLine(args, output);
        } catch (CtlFailure e) {
            output.err().println(e.line());
            return e.exitCode();
        }
        cli.setOut(writer(output.out()));
        cli.setErr(writer(output.err()));
        cli.setParameterExceptionHandler((e, arguments) -> {
            output.out().flush();
            output.err().println(CtlFailure.usage(firstLine(e.getMessage())).line());
            return CtlFailure.USAGE;
        });
        cli.setExecutionExceptionHandler((thrown, command, parsed) -> {
            output.out().flush();
            Exception e = thrown instanceof LighthouseException refused ? CtlFailure.from(refused) : thrown;
            if (e instanceof CtlFailure failure) {
                output.err().println(failure.line());
                return failure.exitCode();
            }
            output.err().println("lighthousectl: unexpected error: " + e);
            if (System.getenv("LIGHTHOUSE_DEBUG") != null) {
                e.printStackTrace(output.err());
            }
            return CtlFailure.FAILED;
        });
        int code = cli.execute(args);
        output.flush();
        return code;
    }

    /**
     * The command line with only the subcommand named in {@code args}, or all of them when none
     * is named (for --help): picocli builds a command's model by reflection, and building all
     * fourteen would cost a {@code get} a fifth of its start.
     *
     * @throws CtlFailure a usage error for a name that is no command
     */
    private static CommandLine commandLine(String[] args, Output output) {
        CommandLine cli = new CommandLine(new LighthouseCtl(output));
        String named = commandName(args);
        for (Class<?> command : COMMANDS) {
            if (named == null || named.equals(command.getAnnotation(Command.class).name())) {
                cli.addSubcommand(command);
            }
        }
        if (cli.getSubcommands().isEmpty()) {
            throw CtlFailure.usage("unknown command '" + named + "'");
        }
        return cli;
    }

    /** The command line with every subcommand, for the completion script. */
    static CommandLine fullCommandLine(Output output) {
        CommandLine cli = new CommandLine(new LighthouseCtl(output));
        COMMANDS.forEach(cli::addSubcommand);
        return cli;
    }

    /** The first argument that is neither a global option nor its value. */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED_OPTIONS.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        throw CtlFailure.usage("a command is required");
    }

    Output output() {
        return output;
    }

    /**
     * The client for {@code --server}, {@code --ca}, {@code --cert} and {@code LIGHTHOUSE_TOKEN},
     * made on first use; short-lived, as a command is (see docs/cli.md, Start-up time).
     */
    LighthouseClient client() {
        if (client == null) {
            LighthouseClient.Builder builder = LighthouseClient.builder();
            for (String url : servers(server)) {
                try {
                    builder.members(url);
                } catch (IllegalArgumentException e) {
                    throw CtlFailure.usage("--server " + e.getMessage());
                }
            }
            builder.token(System.getenv("LIGHTHOUSE_TOKEN")).requestTimeout(REQUEST_TIMEOUT).shortLived()
                    .tls(CtlTls.context(ca, cert, System.getenv(CtlTls.CERT_PASSWORD_ENV)));
            client = builder.build();
        }
        return client;
    }

    /** The URLs in {@code --server}, comma-separated; {@code host:port} alone means http. */
    static List<String> servers(String option) {
        List<String> urls = new ArrayList<>();
        for (String part : option.split(",")) {
            if (!part.isBlank()) {
                urls.add(part.strip());
            }
        }
        if (urls.isEmpty()) {
            throw CtlFailure.usage("--server names no URL; give one such as http://127.0.0.1:8001");
        }
        return urls;
    }

    private static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    private static String firstLine(String message) {
        return message == null ? "invalid command line" : message.lines().findFirst().orElse(message);
    }
}
