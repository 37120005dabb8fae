package dev.lighthouse.tree;

/** JSON {@code true} or {@code false}; two shared instances. */
public final class BooleanNode extends Node {

    public static final BooleanNode TRUE = new BooleanNode(true);
    public static final BooleanNode FALSE = new BooleanNode(false);

    private final boolean value;
    private final Digest digest;

    private BooleanNode(boolean value) {
        this.value = value;
        this.digest = DigestBuilder.ofLeaf(this);
    }

    public static BooleanNode of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return value;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    void feedAsChild(DigestBuilder builder) {
        builder.tag(value ? DigestBuilder.TRUE : DigestBuilder.FALSE);
    }

    @Override
    public long approxSize() {
        return value ? 4 : 5;
    }

    @Override
    public String typeName() {
        return "boolean";
    }
}
