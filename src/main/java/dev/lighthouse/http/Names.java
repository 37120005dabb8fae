package dev.lighthouse.http;

import dev.lighthouse.error.InvalidInput;

/** Lock names: what a person would type, safe in a URL segment, a log line and a file header. */
final class Names {

    private static final int MAX_LENGTH = 128;

    private Names() {
    }

    static String lockName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInput("a lock 'name' is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidInput("a lock name has at most " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidInput("a lock name cannot be '.' or '..': it could never appear in an /update/{name}/ URL");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '/' || Character.isWhitespace(c)) {
                throw new InvalidInput("a lock name may not contain '/', spaces or control characters");
            }
        }
        return name;
    }
}
