package dev.lighthouse.tree;

/** Java strings can hold lone surrogates from {@code \\uD800} escapes; they are not Unicode text. */
final class Surrogates {

    private Surrogates() {
    }

    static boolean anyLone(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
