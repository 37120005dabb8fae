package dev.lighthouse.ctl;

import dev.lighthouse.client.LockState;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "lock", description = "Takes the update lock under a name (or renews it: staged edits are kept)."
        + " Then 'set', 'rm', 'edit' and 'rollback' with the same name stage edits; 'commit' or 'abort' ends it.")
final class LockCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Mixin
    LockNameOption lock;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "lease; lapses (aborting the update) unless renewed by an edit (server default: 5m)")
    String ttl;

    @Option(names = "--wait", paramLabel = "DURATION", description = "wait this long while another name holds it (default: 0)")
    String wait;

    @Override
    public Integer call() {
        String name = lock.required();
        LockState state = ctl.client().lock(name, Durations.parseOrNull(ttl, "--ttl"),
                wait == null ? Duration.ZERO : Durations.parse(wait, "--wait"));
        ctl.output().line("locked " + name + " until " + state.expires() + " (base " + state.base() + ", "
                + state.staged() + " staged)");
        return 0;
    }
}
