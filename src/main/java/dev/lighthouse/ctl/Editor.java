package dev.lighthouse.ctl;

import java.io.IOException;
import java.nio.file.Path;

/** {@code $EDITOR} (default {@code vi}) on a file, through {@code sh -c} so it may carry arguments, on our terminal. */
final class Editor {

    private Editor() {
    }

    /** Runs the editor on the file and waits for it; returns its exit code. */
    static int edit(Path file) {
        String editor = System.getenv("EDITOR");
        if (editor == null || editor.isBlank()) {
            editor = "vi";
        }
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "lighthousectl-edit", file.toString())
                .inheritIO();
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw CtlFailure.failed("cannot start the editor (" + editor + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtlFailure.failed("interrupted while waiting for the editor");
        }
    }
}
