package dev.lighthouse.ctl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "sync", description = {
        "Keeps FILE equal to the value at PATH until killed: writes it atomically now and after every change",
        "(a string as its text, anything else as indented JSON), then runs CMD with sh -c, once per version",
        "written. Survives server restarts and fail-over (give several URLs to --server). While PATH is absent",
        "FILE is left as it is and CMD is not run."})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", description = "document path (leading / optional)")
    String path;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "the file to keep up to date")
    Path file;

    @Option(names = "--exec", paramLabel = "CMD",
            description = "run with sh -c after every write, the first included; it sees LIGHTHOUSE_SEQ and LIGHTHOUSE_FILE")
    String command;

    @Override
    public Integer call() {
        Output output = ctl.output();
        new Follower(ctl.client(), path, output).run(new Follower.Listener() {
            /** The newest version handled (written, or found identical to what was written, or absent). */
            private long handled = -1;
            private byte[] written;

            @Override
            public void value(long seq, byte[] json) {
                if (seq >= 0 && seq <= handled) {
                    return;
                }
                handled = Math.max(handled, seq);
                byte[] content = ValueFormat.fileContent(json);
                if (written != null && Arrays.equals(written, content)) {
                    return;
                }
                AtomicFile.write(file, content);
                written = content;
                run(seq);
            }

            @Override
            public void absent(long seq) {
                if (seq >= 0 && seq <= handled) {
                    return;
                }
                handled = Math.max(handled, seq);
                output.note(DocPath.display(path) + " is absent" + (seq >= 0 ? " at version " + seq : "")
                        + "; " + file + " is left as it is");
            }
        });
        return 0;
    }

    private void run(long seq) {
        if (command == null) {
            return;
        }
        ctl.output().flush();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
        builder.environment().put("LIGHTHOUSE_SEQ", Long.toString(seq));
        builder.environment().put("LIGHTHOUSE_FILE", file.toAbsolutePath().toString());
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                ctl.output().note("--exec exited with code " + exit + " after writing version " + seq);
            }
        } catch (IOException e) {
            ctl.output().note("cannot run --exec: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtlFailure.failed("interrupted");
        }
    }
}
