package dev.lighthouse.http;

import dev.lighthouse.error.InvalidInput;

/** Lock, hook and session names: what a person would type, safe in a URL segment, a log line and a file header. */
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

    /**
     * A session's name is only a label for people (several sessions may share one), so it may
     * hold anything printable: 1 to 128 characters, no control characters.
     */
    static String sessionName(String name) {
        if (name == null) {
            return null;
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidInput("a session 'name' has 1 to " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("a session 'name' may not contain control characters");
        }
        return name;
    }

    /**
     * A session id as a client sends it back: the server makes them (32 hex digits), but any
     * printable text up to 128 characters is only looked up, and found or not.
     *
     * @param where names the id's place in the request, for the message
     */
    static String sessionId(String id, String where) {
        if (id == null || id.isEmpty()) {
            throw new InvalidInput(where + " must name the session (its id, from POST /sessions)");
        }
        if (id.length() > MAX_LENGTH || !id.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new InvalidInput(where + " is not a session id: they are printable ASCII without spaces, at most "
                    + MAX_LENGTH + " characters");
        }
        return id;
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
