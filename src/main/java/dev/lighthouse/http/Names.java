package dev.lighthouse.http;

import dev.lighthouse.error.InvalidInput;

/** Lock names: what a person would type, safe in a URL segment, a log line and a file header. */
final class Names {

    private static final int MAX_LENGTH = 128;

    private Names() {
    }

    static String lockName(String name) {
        return check(name, "lock", "/update/{name}/");
    }

    static String hookName(String name) {
        return check(name, "hook", "/hooks/{name}");
    }

    private static String check(String name, String what, String url) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInput("a " + what + " 'name' is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidInput("a " + what + " name has at most " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidInput("a " + what + " name cannot be '.' or '..': it could never appear in an " + url
                    + " URL");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '/' || Character.isWhitespace(c)) {
                throw new InvalidInput("a " + what + " name may not contain '/', spaces or control characters");
            }
        }
        return name;
    }
}
