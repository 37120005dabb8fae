package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "abort", description = "Discards the edits staged under the lock name and frees the lock.")
final class AbortCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Mixin
    LockNameOption lock;

    @Override
    public Integer call() {
        ctl.client().abort(lock.required());
        ctl.output().line("aborted");
        return 0;
    }
}
