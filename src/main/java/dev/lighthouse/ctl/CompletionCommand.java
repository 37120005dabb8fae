package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code completion bash|zsh}: a completion script generated from the command definitions
 * themselves (picocli's AutoComplete), so it never lags behind a new command or option. zsh
 * runs the same script through its bash-completion emulation, which the script turns on.
 */
@Command(name = "completion", description = {"Prints a shell completion script for bash or zsh, made from the"
        + " commands themselves.", "bash: source <(lighthousectl completion bash)    zsh: source <(lighthousectl"
        + " completion zsh)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine all = LighthouseCtl.fullCommandLine(ctl.output());
        String script = AutoComplete.bash("lighthousectl", all);
        ctl.output().out().print(script);
        return 0;
    }
}
