package dev.lighthouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code bin/lighthousectl} as a child process, the way a script runs it: its own environment
 * (none of the caller's LIGHTHOUSE_* or EDITOR), standard input, and bounded waits. Immutable:
 * {@link #env} and {@link #stdin} return changed copies.
 */
public final class Ctl {

    /** What a finished run left: exit code and its whole standard output and error. */
    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    /** The standard output of a run that succeeded and said nothing on stderr. */
    public static String ok(Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.err(), result.toString());
        return result.out();
    }

    /** A usage error: exit 2, one line on stderr pointing at --help, nothing on stdout. */
    public static void assertUsage(Result run, String... args) {
        String context = List.of(args) + ": " + run;
        assertEquals(2, run.exitCode(), context);
        assertEquals(1, run.errLines().size(), context);
        assertTrue(run.err().startsWith("lighthousectl: ") && run.err().strip().endsWith("(see --help)"), context);
        assertEquals("", run.out(), context);
    }

    private final Map<String, String> env;
    private final byte[] stdin;
    private final Path installation;

    private Ctl(Map<String, String> env, byte[] stdin, Path installation) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.installation = installation;
    }

    /** A client of the server at {@code url} (through LIGHTHOUSE_URL). */
    public static Ctl of(String url) {
        return new Ctl(Map.of("LIGHTHOUSE_URL", url), new byte[0], ServerProcess.home());
    }

    public Ctl env(String name, String value) {
        Map<String, String> changed = new HashMap<>(env);
        changed.put(name, value);
        return new Ctl(changed, stdin, installation);
    }

    public Ctl stdin(String text) {
        return new Ctl(env, text.getBytes(StandardCharsets.UTF_8), installation);
    }

    /** The same client run from another installation's {@code bin/} (an unpacked distribution). */
    public Ctl from(Path otherInstallation) {
        return new Ctl(env, stdin, otherInstallation);
    }

    /** Runs to completion (at most 60 s: the first run after a build also trains the CDS archive). */
    public Result run(String... args) throws Exception {
        Process process = start(args);
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command did not read its input; that is its business
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lighthousectl " + List.of(args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), text(out), text(err));
    }

    /** Starts a long-running command (watch, sync); the caller closes it. */
    public Running spawn(String... args) throws IOException {
        return new Running(start(args));
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(installation.resolve("bin/lighthousectl").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(installation.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LIGHTHOUSE_") || name.equals("EDITOR"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    private static String text(CompletableFuture<byte[]> bytes) throws Exception {
        return new String(bytes.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** A command that runs until closed; its output lines are collected as they come. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final List<String> out = Collections.synchronizedList(new ArrayList<>());
        private final StringBuffer err = new StringBuffer();

        private Running(Process process) {
            this.process = process;
            follow(process.getInputStream(), line -> out.add(line));
            follow(process.getErrorStream(), line -> err.append(line).append('\n'));
        }

        private static void follow(InputStream stream, Consumer<String> sink) {
            Thread reader = new Thread(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "lighthousectl-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The standard output lines so far. */
        public List<String> lines() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        public String err() {
            return err.toString();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL: the command gets no chance to clean up, as in a crash. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }

        /** Waits for the command to end by itself; its exit code. */
        public int waitFor(java.time.Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the command did not end within " + timeout + "; stderr: " + err);
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
