package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = {"Makes one new version whose document equals version SEQ's."
        + " History is kept: the versions since SEQ stay. Prints the new seq ('unchanged' if already equal).",
        "A rollback that would empty the document (such as to version 0) needs --force."})
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "SEQ", description = "the version to go back to (see history)")
    long seq;

    @Option(names = "--force", description = "roll back even to an empty document")
    boolean force;

    @Mixin
    ChangeOptions change;

    @Override
    public Integer call() {
        if (seq < 0) {
            throw CtlFailure.usage("versions are numbered from 0");
        }
        byte[] document = ctl.client().call("GET", "/versions/" + seq + "/data/", null).body();
        if (!force && JsonText.isEmptyObject(document)) {
            throw CtlFailure.usage("version " + seq + " is an empty document: rolling back to it would remove"
                    + " everything; add --force to do so");
        }
        ctl.output().line(change.apply(ctl.client(), ctl.output(), null, staging -> staging.setJson("", document)));
        return 0;
    }
}
