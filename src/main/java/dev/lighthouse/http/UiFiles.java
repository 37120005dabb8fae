package dev.lighthouse.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The web UI's files, read from the server's own jar ({@code ui/} on the class path) on first
 * use and kept: they never change while the server runs. Only names of the form the UI uses
 * (letters, digits, {@code - _ .}, at most one folder, a known extension) are looked up, so no
 * request can reach another resource of the jar.
 */
final class UiFiles {

    private static final Pattern NAME = Pattern.compile("([a-z0-9-]+/)?[a-z0-9][a-z0-9_-]*(\\.[a-z0-9]+)*\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** One file: its bytes, its media type and an entity tag from its content. */
    record File(byte[] bytes, String type, String etag) {
    }

    private final String root;
    private final Map<String, File> loaded = new ConcurrentHashMap<>();

    /** @param root the class-path folder holding the files, {@code ui} */
    UiFiles(String root) {
        this.root = root;
    }

    /** The file of that name, or null when there is none (or the name is not one the UI could use). */
    File get(String name) {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        File file = loaded.get(name);
        if (file == null) {
            file = load(name);
            if (file != null) {
                loaded.put(name, file);
            }
        }
        return file;
    }

    private File load(String name) {
        try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream(root + "/" + name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return new File(bytes, type, '"' + DigestUtils.sha256Hex(bytes).substring(0, 32) + '"');
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + root + "/" + name + " from the jar", e);
        }
    }
}
