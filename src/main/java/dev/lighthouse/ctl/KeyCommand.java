package dev.lighthouse.ctl;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code key derive PREFIX}: a derived key for a subtree, from one of the conf file's secrets. */
@Command(name = "key", description = "Derived keys: 'key derive PREFIX' prints the key that grants read and write"
        + " under PREFIX, made from a secret of the access section.", subcommands = KeyCommand.Derive.class)
final class KeyCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Override
    public Integer call() {
        throw CtlFailure.usage("key needs a subcommand: derive PREFIX");
    }

    @Command(name = "derive", description = "Prints PREFIX:SHA512HEX(PREFIX + SECRET), the bearer token a server"
            + " with that secret accepts for reads and writes under PREFIX. The secret comes from --secret-file or"
            + " standard input (one trailing newline dropped) and is never printed.")
    static final class Derive implements Callable<Integer> {

        @ParentCommand
        KeyCommand key;

        @Parameters(paramLabel = "PREFIX", description = "the subtree, such as /app (leading / optional)")
        String prefix;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "read the secret from FILE"
                + " (default: standard input)")
        Path secretFile;

        @Override
        public Integer call() {
            String secret = secretFile == null ? Secrets.readStdin("a secret") : Secrets.readFile(secretFile);
            key.ctl.output().line(Secrets.derivedKey(prefix, secret));
            return 0;
        }
    }
}
