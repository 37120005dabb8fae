package dev.lighthouse.error;

/** data.d could not be written; nothing was committed and the lock is still held. */
public class StorageFailure extends LighthouseException {

    public StorageFailure(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "storage-failure";
    }

    @Override
    public String title() {
        return "Storage failure";
    }
}
