package dev.lighthouse.config;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, so {@code --version} matches the build. */
public final class VersionInfo implements IVersionProvider {

    public static String version() {
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Lighthouse " + version(), "Java " + System.getProperty("java.version")};
    }
}
