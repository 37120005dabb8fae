package dev.lighthouse.ctl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {
        "Prints the value at PATH now and again after every change, one line each (compact JSON, or --raw),",
        "until killed. When the path is absent it prints an empty line. Reconnects on its own after the",
        "server restarts or the connection drops, without repeating or missing a change."})
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", description = "document path (leading / optional)")
    String path;

    @Option(names = "--raw", description = "as get --raw: strings without quotes, arrays one element a line")
    boolean raw;

    @Option(names = "--seq", description = "start each line with the version's seq and a space")
    boolean seq;

    @Override
    public Integer call() {
        Output output = ctl.output();
        ValueFormat format = raw ? ValueFormat.RAW : ValueFormat.JSON;
        new Follower(ctl.client(), path, output).run(new Follower.Listener() {
            private byte[] last;

            @Override
            public void value(long version, byte[] json) {
                print(version, format.render(json));
            }

            @Override
            public void absent(long version) {
                print(version, new byte[] {'\n'});
            }

            /** After a reconnect the server may send the state already printed; it is not a change. */
            private void print(long version, byte[] line) {
                if (last != null && Arrays.equals(last, line)) {
                    return;
                }
                last = line;
                if (seq) {
                    output.bytes((version + " ").getBytes(StandardCharsets.US_ASCII));
                }
                output.bytes(line);
                output.out().flush();
            }
        });
        return 0;
    }
}
