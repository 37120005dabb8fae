package dev.lighthouse.ctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code ls PATH}: an object's keys, one a line, in the document's order, for {@code for key in $(...)}. */
@Command(name = "ls", description = "Prints the keys of the object at PATH, one a line, in the document's order."
        + " Anything but an object is exit 1.")
final class LsCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/",
            description = "document path (default: /, the top-level keys)")
    String path;

    @Override
    public Integer call() {
        byte[] json = ctl.client().getJson(path).value();
        try (JsonParser parser = JsonText.factory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw CtlFailure.failed(DocPath.display(path) + " is " + kind(first) + ", not an object: ls lists"
                        + " an object's keys (get prints any value)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                ctl.output().line(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "null";
        };
    }
}
