package dev.lighthouse.tree;

import java.math.BigInteger;

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


    /**
     * Numeric equality, as RFC 6902's {@code test} requires ({@code 1.0} equals {@code 1}).
     * Compares exact canonical forms rather than {@code BigDecimal}s, whose int scale
     * cannot hold every exponent a JSON literal may carry (such as {@code 1e9999999999}).
     */
    public boolean numericallyEquals(NumberNode other) {
        return Canonical.of(text).equals(Canonical.of(other.text));
    }

    /** A number literal as sign, significant digits without leading or trailing zeros, and exponent. */
    private record Canonical(boolean negative, String digits, BigInteger exponent) {

        private static final Canonical ZERO = new Canonical(false, "0", BigInteger.ZERO);

        static Canonical of(String literal) {
            boolean negative = literal.startsWith("-");
            int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
            String mantissa = literal.substring(negative ? 1 : 0, e < 0 ? literal.length() : e);
            BigInteger exponent = e < 0 ? BigInteger.ZERO : new BigInteger(literal.substring(e + 1));
            int dot = mantissa.indexOf('.');
            String digits = mantissa;
            if (dot >= 0) {
                digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
                exponent = exponent.subtract(BigInteger.valueOf(mantissa.length() - dot - 1));
            }
            int start = 0;
            while (start < digits.length() && digits.charAt(start) == '0') {
                start++;
            }
            int end = digits.length();
            while (end > start && digits.charAt(end - 1) == '0') {
                end--;
            }
            if (start == end) {
                return ZERO;
            }
            exponent = exponent.add(BigInteger.valueOf(digits.length() - end));
            return new Canonical(negative, digits.substring(start, end), exponent);
        }
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
