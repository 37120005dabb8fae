package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = {"Removes the value at PATH (an object member or an array element).",
        "Prints the new version's seq, or 'staged' under --name."})
final class RmCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", description = "document path (leading / optional)")
    String path;

    @Mixin
    ChangeOptions change;

    @Override
    public Integer call() {
        ctl.output().line(change.apply(ctl.client(), ctl.output(), null, staging -> staging.delete(path)));
        return 0;
    }
}
