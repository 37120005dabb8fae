package dev.lighthouse.ctl;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code run} does as its member starts and stops holding: START and STOP through
 * {@code sh -c}, or one command it runs while it holds and stops (with its whole process group)
 * when it no longer does. Both see LIGHTHOUSE_GROUP, LIGHTHOUSE_MEMBER, LIGHTHOUSE_RANK and
 * LIGHTHOUSE_TOKEN (the fencing token of the hold).
 */
interface HoldActions {

    /** Became a holder, or the group changed while this member holds. */
    void holding(Map<String, String> env, boolean first);

    /** No longer holds (left, lost its session, or is stopping). */
    void released(Map<String, String> env);

    /** The command's exit code once it has ended by itself, for the one-command form. */
    default Optional<Integer> exited() {
        return Optional.empty();
    }

    /** START and STOP, each run to completion with {@code sh -c}. */
    record StartStop(String start, String stop, Output output) implements HoldActions {

        @Override
        public void holding(Map<String, String> env, boolean first) {
            shell(start, env, "--start");
        }

        @Override
        public void released(Map<String, String> env) {
            shell(stop, env, "--stop");
        }

        private void shell(String command, Map<String, String> env, String option) {
            output.flush();
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
            builder.environment().putAll(env);
            try {
                int exit = builder.start().waitFor();
                if (exit != 0) {
                    output.note(option + " exited with code " + exit);
                }
            } catch (IOException e) {
                output.note("cannot run " + option + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One command, started once this member holds, in a process group of its own (through
     * setsid) so that stopping it stops whatever it started too: SIGTERM to the group, SIGKILL
     * ten seconds later if anything in it is still running.
     */
    final class OneCommand implements HoldActions {

        private static final long KILL_AFTER_SECONDS = 10;

        private final List<String> command;
        private final Output output;
        private Process process;

        OneCommand(List<String> command, Output output) {
            this.command = List.copyOf(command);
            this.output = output;
        }

        @Override
        public synchronized void holding(Map<String, String> env, boolean first) {
            if (!first || process != null) {
                return;
            }
            output.flush();
            List<String> argv = new java.util.ArrayList<>();
            argv.add("setsid");
            argv.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
            builder.environment().putAll(env);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw CtlFailure.failed("cannot run " + command.get(0) + ": " + e.getMessage());
            }
        }

        @Override
        public synchronized void released(Map<String, String> env) {
            if (process == null || !process.isAlive()) {
                return;
            }
            signalGroup("-TERM");
            try {
                if (!process.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS)) {
                    output.note(command.get(0) + " did not stop within " + KILL_AFTER_SECONDS + "s of SIGTERM;"
                            + " sending SIGKILL");
                    signalGroup("-KILL");
                    process.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void signalGroup(String signal) {
            try {
                new ProcessBuilder("kill", signal, "--", "-" + process.pid()).inheritIO().start()
                        .waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
            } catch (IOException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized Optional<Integer> exited() {
            return process != null && !process.isAlive() ? Optional.of(process.exitValue()) : Optional.empty();
        }
    }
}
