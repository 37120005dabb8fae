package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Prints the value at PATH as compact JSON, or in the --raw form for scripts.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", description = "document path, such as /providers/beta (leading / optional; / is everything)")
    String path;

    @Option(names = "--raw", description = "strings without quotes, arrays one element a line (strings without quotes)")
    boolean raw;

    @Option(names = "--pretty", description = "indented JSON")
    boolean pretty;

    @Override
    public Integer call() {
        if (raw && pretty) {
            throw CtlFailure.usage("--raw and --pretty exclude each other");
        }
        byte[] json = ctl.client().getJson(path).value();
        ValueFormat format = raw ? ValueFormat.RAW : pretty ? ValueFormat.PRETTY : ValueFormat.JSON;
        ctl.output().bytes(format.render(json));
        return 0;
    }
}
