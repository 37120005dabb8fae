package dev.lighthouse.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LighthouseException;
import dev.lighthouse.client.LockState;
import dev.lighthouse.client.Staging;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "edit", description = {
        "Opens $EDITOR (default vi) on an indented copy of the value at PATH (default: the whole document)"
                + " under the update lock, and commits what you save: prints the new seq. Nothing changes when the"
                + " file is left as it was ('unchanged', exit 0), the editor fails or the file is not valid JSON"
                + " (exit 1).",
        "Under --name it stages the edit into that held update instead of committing."})
final class EditCommand implements Callable<Integer> {

    /** Lease while a person edits; the lock is renewed (and checked) once the editor returns. */
    static final Duration EDIT_TTL = Duration.ofMinutes(30);

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/", description = "document path (default: /)")
    String path;

    @Mixin
    LockNameOption lock;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "without a lock name: how long to wait while someone else holds the lock (default: ${DEFAULT-VALUE})")
    String wait;

    @Override
    public Integer call() throws IOException {
        LighthouseClient client = ctl.client();
        String held = lock.orNull();
        if (held != null) {
            return edit(client.staging(held), null);
        }
        try (OwnLock own = OwnLock.take(client, EDIT_TTL, Durations.parse(wait, "--wait"), ctl.output())) {
            return edit(own.staging(), own);
        }
    }

    /** @param own the lock taken for this edit (renewed and committed here), or null inside a held update */
    private int edit(Staging staging, OwnLock own) throws IOException {
        byte[] original = JsonText.pretty(staging.stagedJson(path));
        Path file = Files.createTempFile("lighthousectl-edit-", ".json");
        Files.write(file, original);
        ctl.output().flush();
        int exit = Editor.edit(file);
        byte[] edited = Files.readAllBytes(file);
        if (exit != 0) {
            Files.deleteIfExists(file);
            throw CtlFailure.failed("the editor exited with code " + exit + "; nothing changed");
        }
        if (Arrays.equals(edited, original)) {
            Files.deleteIfExists(file);
            ctl.output().line("unchanged");
            return 0;
        }
        String invalid = JsonText.problem(edited);
        if (invalid != null) {
            throw CtlFailure.failed("the edited file is not valid JSON (" + invalid + "); nothing changed;"
                    + " your edit is kept in " + file);
        }
        String result;
        try {
            if (own != null) {
                renew(own);
            }
            staging.setJson(path, edited);
            result = own == null ? "staged" : OwnLock.describe(own.commit());
        } catch (LighthouseException e) {
            throw CtlFailure.from(e).withSuffix(" (your edit is kept in " + file + ")");
        } catch (CtlFailure e) {
            throw e.withSuffix(" (your edit is kept in " + file + ")");
        }
        Files.deleteIfExists(file);
        ctl.output().line(result);
        return 0;
    }

    /** Renews the lease, making sure the update still starts from the version the file was made from. */
    private void renew(OwnLock own) {
        LockState renewed = ctl.client().lock(own.name(), EDIT_TTL, Duration.ZERO);
        if (renewed.base() != own.state().base()) {
            throw CtlFailure.failed("the lock lapsed while you were editing and the document has changed since;"
                    + " nothing changed");
        }
    }

}
