import dev.lighthouse.client.LighthouseClient;
import dev.lighthouse.client.LiveValue;
import dev.lighthouse.client.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An application that starts with its configuration from Lighthouse, prints it, and reacts to
 * every change until it is stopped (Ctrl-C). Run it against the bundled example:
 *
 * <pre>
 * java -cp target/lighthouse.jar examples/client/ConfigWatcher.java http://127.0.0.1:8001
 * </pre>
 */
public class ConfigWatcher {

    /** The part of the configuration this application uses: {@code /providers} of the bundled example. */
    record Providers(List<String> alpha, List<String> beta, List<String> gamma) {
    }

    public static void main(String[] args) throws InterruptedException {
        String[] members = args.length > 0 ? args : new String[] {"http://127.0.0.1:8001"};
        try (LighthouseClient lighthouse = LighthouseClient.builder().members(members)
                .token(System.getenv("LIGHTHOUSE_TOKEN")).build()) {
            LiveValue<Providers> providers = lighthouse.follow("/providers", Providers.class);
            Versioned<Providers> first = providers.await(Duration.ofSeconds(30));
            System.out.println("started with version " + first.seq() + ": " + first.value());
            providers.onConnection(up -> System.out.println(up ? "following again" : "lost the server; reconnecting"));
            providers.onChange(changed -> {
                if (changed.seq() > first.seq()) {
                    System.out.println("version " + changed.seq() + ": " + changed.value());
                }
            });
            Thread.currentThread().join(); // until Ctrl-C
        }
    }
}
