package dev.lighthouse.testing;

import dev.lighthouse.apply.Applier;
import dev.lighthouse.apply.DataDirEffects;
import dev.lighthouse.apply.Command;
import dev.lighthouse.apply.StateView;
import dev.lighthouse.apply.StoreState;
import dev.lighthouse.store.VersionStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A real applier over a real data.d, with no server around it, for tests of what sits right
 * above it. Optionally seeded at log index 1, as a new cluster's first entry does.
 */
public final class StandaloneApplier implements AutoCloseable {

    private final VersionStore store;
    private final StateView view;
    private final Applier applier;

    private StandaloneApplier(VersionStore store, StateView view, Applier applier) {
        this.store = store;
        this.view = view;
        this.applier = applier;
    }

    /** Opened but not seeded: every command but the seed is refused until one is applied. */
    public static StandaloneApplier unseeded(Path dataDir) throws IOException {
        VersionStore.Recovered recovered = VersionStore.open(dataDir, 10, new dev.lighthouse.store.StorageHealth());
        StateView view = new StateView(new StoreState(recovered.history(), null));
        return new StandaloneApplier(recovered.store(), view, new Applier(new DataDirEffects(recovered.store()), 10, 100, view, false, 0));
    }

    /** Opened and seeded at log index 1; the next command goes at index 2. */
    public static StandaloneApplier seeded(Path dataDir, Instant now) throws IOException {
        StandaloneApplier opened = unseeded(dataDir);
        opened.applier.apply(new Command.Seed(opened.view.state().current(), now), 1);
        return opened;
    }

    public StateView view() {
        return view;
    }

    public Applier applier() {
        return applier;
    }

    @Override
    public void close() {
        store.close();
    }
}
