package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = {"Makes one new version whose document equals version SEQ's.",
        "History is kept: the versions since SEQ stay. Prints the new seq ('unchanged' if already equal)."})
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "SEQ", description = "the version to go back to (see history)")
    long seq;

    @Mixin
    ChangeOptions change;

    @Override
    public Integer call() {
        if (seq < 0) {
            throw CtlFailure.usage("versions are numbered from 0");
        }
        byte[] document = ctl.api().get("/versions/" + seq + "/data/").body();
        ctl.output().line(change.apply(ctl.updates(), name -> ctl.updates().put(name, "", document)));
        return 0;
    }
}
