package dev.lighthouse.tree;

/** A JSON string. */
public final class StringNode extends Node {

    private final String value;
    private volatile Digest digest;

    private StringNode(String value) {
        this.value = value;
    }

    public static StringNode of(String value) {
        return new StringNode(value);
    }

    public String value() {
        return value;
    }

    @Override
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            d = DigestBuilder.ofLeaf(this);
            digest = d;
        }
        return d;
    }

    @Override
    void feedAsChild(DigestBuilder builder) {
        builder.tag(DigestBuilder.STRING);
        builder.text(value);
    }

    @Override
    public long approxSize() {
        return value.length() + 2L;
    }

    @Override
    public String typeName() {
        return "string";
    }
}
