package dev.lighthouse;

import dev.lighthouse.store.StartRefused;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a node did not start, in one line for its operator. A {@link StartRefused} already says
 * it; a file-system failure says so only in its class (the message is just the path, as in
 * {@code /srv/data.d/cluster}), and a port in use only in its cause.
 */
final class StartFailure {

    private StartFailure() {
    }

    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartRefused refused) {
                return refused.getMessage();
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileSystemException file) {
                return file.getFile() + ": " + reason(file);
            }
            if (cause instanceof BindException bind) {
                return (error.getMessage() == null || error == bind ? "" : error.getMessage() + ": ")
                        + bind.getMessage() + " (is another node running on that port?)";
            }
        }
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = error.getMessage() != null ? error.getMessage() : error.toString();
        return root == error || root.getMessage() == null || message.contains(root.getMessage())
                ? message : message + " (" + root.getMessage() + ")";
    }

    private static String reason(FileSystemException error) {
        if (error.getReason() != null) {
            return error.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (error instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (error instanceof FileAlreadyExistsException) {
            return "exists, and is not what was expected there (a file where a directory belongs?)";
        }
        return "cannot be used (" + error.getClass().getSimpleName() + ")";
    }
}
