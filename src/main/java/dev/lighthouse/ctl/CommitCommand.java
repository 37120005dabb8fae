package dev.lighthouse.ctl;

import dev.lighthouse.client.WriteOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "commit", description = "Commits the edits staged under the lock name as one new version and frees the"
        + " lock. Prints the new seq, or 'unchanged' when the staged document equals the current one.")
final class CommitCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Mixin
    LockNameOption lock;

    @Override
    public Integer call() {
        ctl.output().line(OwnLock.describe(ctl.client().commit(lock.required(), WriteOptions.NONE)));
        return 0;
    }
}
