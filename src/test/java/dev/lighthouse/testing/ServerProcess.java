package dev.lighthouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bin/lighthouse} as a real child process; learns its port from the start-up log line. */
public final class ServerProcess implements Endpoint, AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("on (https?)://[^ ]+:(\\d+)/ ");

    private final Process process;
    private final List<String> flags;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private volatile String scheme = "http";
    private final Thread reader;
    private volatile boolean paused;

    private ServerProcess(List<String> flags) throws IOException {
        this(home(), flags);
    }

    private ServerProcess(Path installation, List<String> flags) throws IOException {
        this.flags = List.copyOf(flags);
        List<String> command = new ArrayList<>();
        command.add(installation.resolve("bin/lighthouse").toString());
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command).directory(installation.toFile()).redirectErrorStream(true);
        builder.environment().put("LIGHTHOUSE_JAVA_OPTS", "-Xmx512m");
        if (!installation.equals(home())) {
            builder.environment().put("LIGHTHOUSE_CDS", "off"); // another installation: no training run to wait for
        }
        process = builder.start();
        reader = new Thread(this::readOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The checkout under test (set by failsafe; the working directory otherwise). */
    public static Path home() {
        return Path.of(System.getProperty("lighthouse.home", ".")).toAbsolutePath();
    }

    public static ServerProcess start(String... flags) throws Exception {
        ServerProcess server = new ServerProcess(List.of(flags));
        server.awaitServing();
        return server;
    }

    /** {@code bin/lighthouse} of another installation (an unpacked distribution), without its CDS archive. */
    public static ServerProcess startFrom(Path installation, String... flags) throws Exception {
        ServerProcess server = new ServerProcess(installation, List.of(flags));
        server.awaitServing();
        return server;
    }

    /**
     * A server on free ports whose conf file, {@code conf/lighthouse.json}, holds {@code json};
     * relative paths in it are resolved against {@code conf}, where the test puts keystores and
     * password files. Its data.d is {@code dataDir}.
     */
    public static ServerProcess startWithConf(Path conf, String json, Path dataDir) throws Exception {
        Path file = conf.resolve("lighthouse.json");
        Files.writeString(file, json);
        return start("--conf=" + file, "--data.d=" + dataDir, "--port=0", "--cluster-port=0");
    }

    /** A new process with the flags this one was started with, as an operator restarts a node. */
    public ServerProcess restart() throws Exception {
        return start(flags.toArray(String[]::new));
    }

    public List<String> flags() {
        return flags;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Runs the command to completion (bounded) and returns its exit code; output via {@link #output()}. */
    public static ServerProcess run(String... flags) throws Exception {
        ServerProcess server = new ServerProcess(List.of(flags));
        if (!server.process.waitFor(60, TimeUnit.SECONDS)) {
            server.close();
            throw new AssertionError("bin/lighthouse " + List.of(flags) + " did not exit: " + server.output);
        }
        // The output ends with the process; read it to the end before anyone looks at it.
        server.reader.join(TimeUnit.SECONDS.toMillis(10));
        server.process.getInputStream().close();
        return server;
    }

    private void awaitServing() throws Exception {
        try {
            port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new AssertionError("server did not start: " + String.join("\n", output), e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    scheme = m.group(1);
                    port.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            // the process is gone; its output ends here
        }
        port.completeExceptionally(new IllegalStateException("process ended"));
    }

    public int port() {
        return port.join();
    }

    /** The base URL, https:// when the server said it serves TLS. */
    @Override
    public String url() {
        int known = port();
        return scheme + "://127.0.0.1:" + known;
    }

    public int exitCode() throws InterruptedException {
        process.waitFor(60, TimeUnit.SECONDS);
        return process.exitValue();
    }

    public List<String> output() {
        return output;
    }

    /**
     * SIGKILL: no shutdown hook, no flush, exactly a crash. bin/lighthouse execs the JVM, so the
     * process is the server itself; descendants are killed too in case the script is still
     * running its class-data-sharing training start, which would otherwise outlive the test.
     */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /**
     * SIGSTOP: the JVM stops mid-whatever, its sockets stay open and fill up, as in a long GC pause
     * or a stalled VM. Only the JVM itself (bin/lighthouse execs it), never a descendant.
     */
    public void pause() throws Exception {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT: a paused JVM runs on, with whatever its peers sent meanwhile waiting in its sockets. */
    public void resume() throws Exception {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (paused) {
            try {
                resume(); // a stopped JVM would hold the SIGTERM until the timeout below
            } catch (Exception e) {
                kill();
                return;
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
