// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The JVMs a test starts (servers, CLI commands), on the test's own class path, with class data sharing: the first
 * JVM of each kind ({@code archive}: "server", "cli-send", ...) records the classes it loaded when it exits, and later
 * ones map that archive instead of loading and verifying those classes again. A server starts in 3.5 s with it and
 * 5.8 s without, and the suites start some hundred JVMs.
 *
 * <p>The archives go to the directory named by the system property {@value #ARCHIVE_DIR_PROPERTY} (the build sets
 * it to {@code target/test-cds}); without it, or on a class path the JVM cannot archive (a directory of classes),
 * children start without one. An archive is named for the class path and each jar's size and time, so a rebuilt jar
 * gets a new one. A recording is taken only from a child that exited by itself or on SIGTERM: one killed with
 * {@code kill -9} writes nothing, and the next child records instead.
 *
 * <p>Directories named {@code test-classes} are left off a child's class path (the children run main code only), so
 * that the rest, all jars in a Maven build, can be archived; a {@code logback-test.xml} in one still configures the
 * child's logging.
 */
public final class ChildJvm {
    /** Where archives are kept; unset means no class data sharing. */
    public static final String ARCHIVE_DIR_PROPERTY = "switchboard.test.cds.dir";
    /** Overrides the class path children start with (e.g. {@code cli/target/switchboard.jar}). */
    public static final String CLASS_PATH_PROPERTY = "switchboard.server.classpath";

    /** Recordings under way, by kind; guarded by its own lock, as every use of it is. */
    private static final Map<String, Recording> recordings = new HashMap<>();

    private record Recording(Process process, Path partial) {
    }

    private ChildJvm() {
    }

    /**
     * Starts {@code java OPTIONS -cp CLASSPATH MAIN ARGS}; {@code setup} sets redirections on the builder.
     *
     * @param archive the kind of child, naming its class data archive
     */
    public static Process start(String archive, List<String> options, String main, List<String> args,
                                UnaryOperator<ProcessBuilder> setup) throws IOException {
        synchronized (recordings) {
            Optional<Path> file = archiveFile(archive);
            List<String> sharing = List.of();
            Path partial = null;
            if (file.isPresent()) {
                if (recorded(archive, file.get())) {
                    sharing = mapping(file.get());
                } else if (!recordings.containsKey(archive)) {
                    partial = Path.of(file.get() + ".recording");
                    Files.deleteIfExists(partial);
                    sharing = List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off",
                            "-Xlog:cds+dynamic=off");
                }
            }
            Process process = setup.apply(new ProcessBuilder(command(sharing, options, main, args))).start();
            if (partial != null) {
                recordings.put(archive, new Recording(process, partial));
            }
            return process;
        }
    }

    /**
     * The command line for a child that someone else starts (a terminal window): it maps the archive once one is
     * recorded, and never records one itself.
     */
    public static List<String> commandLine(String archive, List<String> options, String main, List<String> args) {
        synchronized (recordings) {
            Optional<Path> file = archiveFile(archive);
            boolean recorded = file.isPresent() && recorded(archive, file.get());
            return command(recorded ? mapping(file.get()) : List.of(), options, main, args);
        }
    }

    /** The class path children run on: this JVM's (or {@value #CLASS_PATH_PROPERTY}) less its test classes. */
    public static String classPath() {
        return String.join(File.pathSeparator, entries().stream().filter(e -> !isTestClasses(e)).toList());
    }

    private static List<String> command(List<String> sharing, List<String> options, String main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sharing);
        logbackOf().ifPresent(config -> command.add("-Dlogback.configurationFile=" + config));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath(), main));
        command.addAll(args);
        return command;
    }

    private static List<String> mapping(Path file) {
        return List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Whether {@code file} holds a whole archive for {@code archive}, moving a finished recording there first. */
    private static boolean recorded(String archive, Path file) {
        return Files.isRegularFile(file) || recordingFinished(archive, file);
    }

    /** Moves a finished recording into place: its JVM has exited, so the file is whole (or absent, after a kill). */
    private static boolean recordingFinished(String archive, Path file) {
        Recording recording = recordings.get(archive);
        if (recording == null || recording.process.isAlive()) {
            return false;
        }
        recordings.remove(archive);
        try {
            if (!Files.isRegularFile(recording.partial)) {
                return false;
            }
            Files.move(recording.partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the class data archive " + file, e);
        }
    }

    /** The archive for {@code archive} on this class path, or empty when children run without one. */
    private static Optional<Path> archiveFile(String archive) {
        String dir = System.getProperty(ARCHIVE_DIR_PROPERTY);
        List<String> kept = entries().stream().filter(e -> !isTestClasses(e)).toList();
        // The JVM refuses to archive from a class path holding a directory of classes, and will not start.
        if (dir == null || kept.stream().anyMatch(e -> Files.isDirectory(Path.of(e)) && !isEmptyDirectory(e))) {
            return Optional.empty();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String entry : kept) {
                Path path = Path.of(entry);
                String stamp = Files.exists(path) ? Files.size(path) + "@" + Files.getLastModifiedTime(path) : "-";
                digest.update((entry + "|" + stamp + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String key = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            return Optional.of(Files.createDirectories(Path.of(dir)).resolve(archive + "-" + key + ".jsa"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> logbackOf() {
        return entries().stream().filter(ChildJvm::isTestClasses).map(e -> Path.of(e, "logback-test.xml"))
                .filter(Files::isRegularFile).map(Path::toString).findFirst();
    }

    private static List<String> entries() {
        String path = System.getProperty(CLASS_PATH_PROPERTY, System.getProperty("java.class.path"));
        return Stream.of(path.split(File.pathSeparator)).filter(e -> !e.isEmpty()).toList();
    }

    private static boolean isTestClasses(String entry) {
        return Path.of(entry).getFileName().toString().equals("test-classes") && Files.isDirectory(Path.of(entry));
    }

    private static boolean isEmptyDirectory(String entry) {
        try (Stream<Path> files = Files.list(Path.of(entry))) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
