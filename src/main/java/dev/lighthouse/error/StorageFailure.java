package dev.lighthouse.error;

/** data.d could not be written; nothing was committed and the lock is still held. */
public class StorageFailure extends LighthouseException {

    public StorageFailure(String detail) {
        super(ProblemType.STORAGE_FAILURE, detail);
    }
}
