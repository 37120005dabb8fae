package dev.lighthouse.tree;

import java.math.BigDecimal;

/**
 * A JSON number kept exactly as written: no rounding through double, no
 * reformatting, so what a client stored is what every replica serves.
 */
public final class NumberNode extends Node {

    private final String text;
    private volatile Digest digest;

    private NumberNode(String text) {
        this.text = text;
    }

    /** @param text a valid JSON number literal, as checked by the parser */
    public static NumberNode ofLiteral(String text) {
        return new NumberNode(text);
    }

    public static NumberNode of(long value) {
        return new NumberNode(Long.toString(value));
    }

    public String text() {
        return text;
    }

    public BigDecimal decimalValue() {
        return new BigDecimal(text);
    }

    /** Numeric equality, as RFC 6902's {@code test} requires ({@code 1.0} equals {@code 1}). */
    public boolean numericallyEquals(NumberNode other) {
        return decimalValue().compareTo(other.decimalValue()) == 0;
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
        builder.tag(DigestBuilder.NUMBER);
        builder.text(text);
    }

    @Override
    public long approxSize() {
        return text.length();
    }

    @Override
    public String typeName() {
        return "number";
    }
}
