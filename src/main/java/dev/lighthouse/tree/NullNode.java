package dev.lighthouse.tree;

/** JSON {@code null}; one shared instance. */
public final class NullNode extends Node {

    public static final NullNode INSTANCE = new NullNode();

    private final Digest digest;

    private NullNode() {
        this.digest = DigestBuilder.ofLeaf(this);
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    void feedAsChild(DigestBuilder builder) {
        builder.tag(DigestBuilder.NULL);
    }

    @Override
    public long approxSize() {
        return 4;
    }

    @Override
    public String typeName() {
        return "null";
    }
}
