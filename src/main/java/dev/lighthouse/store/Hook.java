package dev.lighthouse.store;

/**
 * A registered webhook: after each commit that changes the value at {@code path}, the leader
 * POSTs {@code {name,path,seq,uri}} to {@code url}.
 *
 * @param path      a JSON Pointer into the document
 * @param delivered the newest seq whose notification the receiver acknowledged (or that was
 *                  current when the hook was created): delivery resumes after it
 */
public record Hook(String name, String path, String url, long delivered) {

    public Hook deliveredUpTo(long seq) {
        return new Hook(name, path, url, Math.max(delivered, seq));
    }
}
