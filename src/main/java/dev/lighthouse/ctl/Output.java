package dev.lighthouse.ctl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error as UTF-8 whatever the locale (the JVM would otherwise turn
 * non-ASCII text into {@code ?} under a POSIX locale). Output is buffered; commands that
 * run on ({@code watch}, {@code sync}) flush after each event.
 */
final class Output {

    private final PrintStream out;
    private final PrintStream err;

    Output(OutputStream out, OutputStream err) {
        this.out = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    static Output system() {
        return new Output(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    void line(String text) {
        out.print(text);
        out.print('\n');
    }

    void bytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    /** A note for the user on stderr, prefixed like every message of this program. */
    void note(String text) {
        out.flush();
        err.print("lighthousectl: " + text + "\n");
        err.flush();
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
