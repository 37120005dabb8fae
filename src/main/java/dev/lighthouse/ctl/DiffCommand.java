package dev.lighthouse.ctl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {"Prints the RFC 6902 JSON Patch that turns version A into version B,",
        "one operation a line (B defaults to the current version)."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(index = "0", paramLabel = "A", description = "seq of the version to start from")
    long from;

    @Parameters(index = "1", paramLabel = "B", arity = "0..1", description = "seq of the version to arrive at (default: current)")
    Long to;

    @Override
    public Integer call() {
        if (from < 0 || to != null && to < 0) {
            throw CtlFailure.usage("versions are numbered from 0");
        }
        long target = to != null ? to : ctl.client().version().seq();
        byte[] patch = ctl.client().call("GET", "/versions/" + from + "/diff/" + target, null).body();
        ctl.output().bytes(onePerLine(patch));
        return 0;
    }

    /** A JSON array with each element compact on its own line: still one JSON value, easy to read and grep. */
    static byte[] onePerLine(byte[] array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(array.length + 64);
        try (JsonParser parser = JsonText.factory().createParser(array)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw CtlFailure.failed("the server's patch is not a JSON array");
            }
            out.write('[');
            boolean first = true;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                out.writeBytes(first ? "\n  ".getBytes() : ",\n  ".getBytes());
                first = false;
                try (JsonGenerator generator = JsonText.factory().createGenerator(out, JsonEncoding.UTF8)) {
                    JsonText.copy(parser, generator);
                }
            }
            out.writeBytes(first ? "]\n".getBytes() : "\n]\n".getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
