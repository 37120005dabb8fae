package dev.lighthouse.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "set", description = {
        "Sets the value at PATH (missing parent objects are created; a last segment '-' appends to an array)."
                + " VALUE is JSON when it parses as JSON, otherwise a string; '-' reads it from standard input.",
        "Prints the new version's seq ('unchanged' if the value was already so), or 'staged' under --name."})
final class SetCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(index = "0", paramLabel = "PATH", description = "document path (leading / optional)")
    String path;

    @Parameters(index = "1", paramLabel = "VALUE|-", description = "the value, or - for standard input")
    String value;

    @Mixin
    ChangeOptions change;

    @Option(names = "--if-match", paramLabel = "SEQ",
            description = "change only if the document is still at version SEQ (else exit 1 with a 412, nothing changed)")
    Long ifMatch;

    @Override
    public Integer call() {
        if (ifMatch != null && ifMatch < 0) {
            throw CtlFailure.usage("--if-match takes a version seq (0 or more), not " + ifMatch);
        }
        byte[] json = toJson(value.equals("-") ? readStdin() : value.getBytes(StandardCharsets.UTF_8));
        ctl.output().line(change.apply(ctl.client(), ctl.output(), ifMatch, staging -> staging.setJson(path, json)));
        return 0;
    }

    /** The text itself when it is one JSON value, otherwise the text as a JSON string. */
    static byte[] toJson(byte[] text) {
        if (JsonText.isJson(text)) {
            return text;
        }
        try {
            String string = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text)).toString();
            return JsonText.quote(string);
        } catch (CharacterCodingException e) {
            throw CtlFailure.usage("the value is not UTF-8 text");
        }
    }

    private static byte[] readStdin() {
        try (InputStream in = System.in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading standard input", e);
        }
    }
}
