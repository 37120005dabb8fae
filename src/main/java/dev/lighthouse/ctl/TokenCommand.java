package dev.lighthouse.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code token hash}: what an access section's {@code sha512} wants, without {@code sha512sum} by hand. */
@Command(name = "token", description = "Access tokens: 'token hash' prints the SHA-512 a conf file's tokens entry wants.",
        subcommands = TokenCommand.Hash.class)
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    LighthouseCtl ctl;

    @Override
    public Integer call() {
        throw CtlFailure.usage("token needs a subcommand: hash");
    }

    @Command(name = "hash", description = "Reads a token from standard input (one trailing newline dropped) and"
            + " prints its SHA-512 in hex, for \"sha512\" in the access section of the conf file."
            + " The token itself is never printed.")
    static final class Hash implements Callable<Integer> {

        @ParentCommand
        TokenCommand token;

        @Override
        public Integer call() {
            String text = Secrets.readStdin("a token");
            token.ctl.output().line(Secrets.sha512Hex(text));
            return 0;
        }
    }
}
