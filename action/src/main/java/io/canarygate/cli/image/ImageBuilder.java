package io.canarygate.cli.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Builds the action image with jib-core, without a Docker engine.
 *
 * <ul>
 *   <li><b>Release</b> ({@link #release}): the shaded CLI jar on a maintained JRE base pinned by digest, pushed to a
 *       registry. action.yml then pins the pushed digest.
 *   <li><b>Offline</b> ({@link #buildTar}): a Docker-format tarball built from scratch with a jlinked runtime (with its
 *       default CDS archive) and the few system libraries it links against, found with {@code ldd}. Needs no network
 *       and is reproducible: the same jar and JDK give the same digest. Tests, the cold-start bench and podman use it.
 * </ul>
 *
 * Both run {@code java} straight from an exec-form entrypoint: a shell in between would drop the runner's hyphenated
 * {@code INPUT_*} variables. Both run as uid 1001, not root: that is the runner user of GitHub-hosted runners, which
 * owns the workspace and the {@code $GITHUB_OUTPUT} files the container writes (docs/action.md explains the trade-off).
 */
public final class ImageBuilder {
    /** Where releases push the action image; action.yml pins it by digest. */
    public static final String RELEASE_REPOSITORY = "ghcr.io/canary-gate/canary-gate";
    /** The maintained base of the release image (Temurin 25 JRE, multi-arch index digest). */
    public static final String RELEASE_BASE =
            "eclipse-temurin:25-jre@sha256:681c543d6f36c50f45e9b5226930a46203dcfa351d3670e9d0bdf0dabae53539";

    public static final String SOURCE = "https://github.com/canary-gate/canary-gate";
    /** uid:gid the container runs as (the GitHub-hosted runner user's uid). */
    public static final String USER = "1001:1001";

    public static final String JAR = "/app/canarygate-cli.jar";
    public static final String AOT_CACHE = "/app/canarygate-cli.aot";
    public static final String JAVA_HOME = "/opt/java";
    /** Startup-friendly JVM flags: C1 only (a CLI spends its life in I/O), serial GC, no perf-data file. */
    public static final List<String> JVM_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /**
     * Added when an AOT cache is baked in: the JVM does not replay the cache's training profiles at start. Replaying
     * them queues compilations behind a lock the main thread then waits on, which costs a one-shot step ~20 ms more
     * than it gains (bench/cold-start.sh); the cache's classes, linked and loaded up front, are what makes it fast.
     */
    public static final List<String> AOT_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");
    /** What the jlinked runtime holds: the modules jdeps finds in the shaded jar, plus jdk.unsupported (Unsafe). */
    public static final List<String> MODULES =
            List.of("java.base", "java.desktop", "java.sql", "java.logging", "java.naming", "jdk.unsupported");
    /** Native libraries of the runtime that only GUI code loads; left out of the ldd walk. */
    static final List<String> GUI_LIBRARIES =
            List.of("libawt_xawt.so", "libsplashscreen.so", "libjawt.so", "libfontmanager.so", "libjsound.so");

    private static final String TOOL = "canarygate-image-builder";

    private ImageBuilder() {}

    /** What an offline build produced. */
    public record Built(Path tar, String digest, String imageId, String reference) {}

    /**
     * Builds the offline image from scratch into a Docker-format tarball.
     *
     * @param jar the shaded CLI jar
     * @param jdk a JDK with jlink (its runtime goes into the image; for an AOT cache it must be the JDK that trained it)
     * @param work scratch directory (jlinked runtime, generated files, jib caches); deleted and recreated
     * @param tar where to write the tarball
     * @param reference the name inside the tarball, e.g. {@code ghcr.io/canary-gate/canary-gate:0.1.0}
     * @param aotCache an AOT cache trained inside the image (JDK 25 {@code -XX:AOTCacheOutput}), added as a last layer
     */
    public static Built buildTar(Path jar, Path jdk, Path work, Path tar, String reference, Optional<Path> aotCache)
            throws IOException, InterruptedException, InvalidImageReferenceException {
        deleteRecursively(work);
        Files.createDirectories(work);
        Path runtime = jlink(jdk, work.resolve("jre"));
        Path etc = writeEtc(work.resolve("etc"));
        Path stored = ImageJar.write(jar, work.resolve("app").resolve("canarygate-cli.jar"));
        JibContainerBuilder image = Jib.fromScratch()
                .addFileEntriesLayer(systemLibraries(runtime, etc))
                .addFileEntriesLayer(tree("jre", runtime, JAVA_HOME))
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("app")
                        .addEntry(stored, AbsoluteUnixPath.get(JAR))
                        .build())
                .addEnvironmentVariable("JAVA_HOME", JAVA_HOME)
                .addEnvironmentVariable("LANG", "C.UTF-8");
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add(JAVA_HOME + "/bin/java");
        entrypoint.addAll(JVM_FLAGS);
        if (aotCache.isPresent()) {
            image.addFileEntriesLayer(FileEntriesLayer.builder()
                    .setName("aot-cache")
                    .addEntry(aotCache.get(), AbsoluteUnixPath.get(AOT_CACHE))
                    .build());
            entrypoint.addAll(AOT_FLAGS);
            entrypoint.add("-XX:AOTCache=" + AOT_CACHE);
        }
        entrypoint.add("-jar");
        entrypoint.add(JAR);
        decorate(image, entrypoint);
        Files.createDirectories(tar.toAbsolutePath().getParent());
        JibContainer built = containerize(
                image, Containerizer.to(TarImage.at(tar).named(reference)).setOfflineMode(true), work.resolve("cache"));
        return new Built(tar, built.getDigest().toString(), built.getImageId().toString(), reference);
    }

    /**
     * Builds the release image on {@link #RELEASE_BASE} and pushes it to {@code to} (plus {@code extraTags}).
     *
     * @return the pushed manifest digest, for action.yml
     */
    public static String release(Path jar, String base, String to, Credential credential, List<String> extraTags)
            throws IOException, InterruptedException, InvalidImageReferenceException {
        Path cache = Files.createTempDirectory("canarygate-jib");
        try {
            Path stored = ImageJar.write(jar, cache.resolve("app").resolve("canarygate-cli.jar"));
            return release(stored, base, to, credential, extraTags, cache);
        } finally {
            deleteRecursively(cache);
        }
    }

    private static String release(
            Path jar, String base, String to, Credential credential, List<String> extraTags, Path cache)
            throws IOException, InterruptedException, InvalidImageReferenceException {
        JibContainerBuilder image = Jib.from(base)
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("app")
                        .addEntry(jar, AbsoluteUnixPath.get(JAR))
                        .build());
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add("/opt/java/openjdk/bin/java");
        entrypoint.addAll(JVM_FLAGS);
        entrypoint.add("-jar");
        entrypoint.add(JAR);
        decorate(image, entrypoint);
        Containerizer containerizer =
                Containerizer.to(RegistryImage.named(to).addCredentialRetriever(() -> Optional.of(credential)));
        for (String tag : extraTags) {
            containerizer.withAdditionalTag(tag);
        }
        return containerize(image, containerizer, cache.resolve("jib"))
                .getDigest()
                .toString();
    }

    /**
     * {@code ImageBuilder tar [--jar J] [--jdk D] [--out T] [--tag R] [--aot-cache F]} builds the offline image;
     * {@code ImageBuilder release --to REF [--base B] [--tag T]... [--action-yml action.yml]} pushes the release image
     * with the credentials in {@code REGISTRY_USERNAME}/{@code REGISTRY_PASSWORD} (in a workflow: github.actor and
     * GITHUB_TOKEN with {@code packages: write}) and pins its digest in action.yml.
     */
    public static void main(String[] args) throws Exception {
        java.util.Map<String, List<String>> o = options(args);
        String mode = args.length > 0 ? args[0] : "";
        Path jar = Path.of(first(o, "--jar", "action/target/canarygate-cli.jar"));
        if (mode.equals("tar")) {
            Built b = buildTar(
                    jar,
                    Path.of(first(o, "--jdk", System.getProperty("java.home"))),
                    Path.of(first(o, "--work", "action/target/image-work")),
                    Path.of(first(o, "--out", "action/target/canarygate-action.tar")),
                    first(o, "--tag", RELEASE_REPOSITORY + ":dev"),
                    Optional.ofNullable(
                            o.containsKey("--aot-cache")
                                    ? Path.of(o.get("--aot-cache").get(0))
                                    : null));
            System.out.println(b.tar() + " " + b.reference() + " digest " + b.digest() + " id " + b.imageId());
        } else if (mode.equals("release")) {
            String to = first(o, "--to", null);
            String user = System.getenv("REGISTRY_USERNAME");
            String password = System.getenv("REGISTRY_PASSWORD");
            if (to == null || user == null || password == null) {
                throw new IllegalArgumentException(
                        "release needs --to <ref> and REGISTRY_USERNAME/REGISTRY_PASSWORD in the environment");
            }
            String digest = release(
                    jar,
                    first(o, "--base", RELEASE_BASE),
                    to,
                    Credential.from(user, password),
                    o.getOrDefault("--tag", List.of()));
            System.out.println(to + " " + digest);
            if (o.containsKey("--action-yml")) {
                pinActionImage(Path.of(o.get("--action-yml").get(0)), digest);
            }
        } else {
            throw new IllegalArgumentException("usage: ImageBuilder tar|release [options]; see the class comment");
        }
    }

    /** Rewrites {@code runs.image} of action.yml to {@code docker://<RELEASE_REPOSITORY>@<digest>}. */
    public static void pinActionImage(Path actionYml, String digest) throws IOException {
        String text = Files.readString(actionYml, StandardCharsets.UTF_8);
        String pinned = text.replaceAll(
                "(?m)^(\\s*image:\\s*)'docker://[^']*'", "$1'docker://" + RELEASE_REPOSITORY + "@" + digest + "'");
        if (pinned.equals(text) && !text.contains(digest)) {
            throw new IOException(actionYml + ": no runs.image line of the form image: 'docker://...'");
        }
        Files.writeString(actionYml, pinned, StandardCharsets.UTF_8);
    }

    private static java.util.Map<String, List<String>> options(String[] args) {
        java.util.Map<String, List<String>> o = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        return o;
    }

    private static String first(java.util.Map<String, List<String>> o, String name, String fallback) {
        List<String> v = o.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    private static void decorate(JibContainerBuilder image, List<String> entrypoint) {
        image.setEntrypoint(entrypoint)
                .setProgramArguments(List.of())
                .setUser(USER)
                .addLabel("org.opencontainers.image.source", SOURCE)
                .addLabel("org.opencontainers.image.title", "Canary Gate")
                .addLabel(
                        "org.opencontainers.image.description",
                        "Canary releases from CI: the canarygate CLI and GitHub Action")
                .addLabel("org.opencontainers.image.licenses", "Apache-2.0")
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH);
    }

    private static JibContainer containerize(JibContainerBuilder image, Containerizer to, Path cache)
            throws IOException, InterruptedException {
        to.setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("app"))
                .setToolName(TOOL)
                .addEventHandler(LogEvent.class, e -> {
                    if (e.getLevel() == LogEvent.Level.ERROR || e.getLevel() == LogEvent.Level.WARN) {
                        System.err.println("jib: " + e.getMessage());
                    }
                });
        try {
            return image.containerize(to);
        } catch (RegistryException | CacheDirectoryCreationException | ExecutionException e) {
            throw new IOException("jib could not build the image: " + e.getMessage(), e);
        }
    }

    /** A jlinked runtime with the default CDS archive (without it, startup is ~100 ms slower). */
    static Path jlink(Path jdk, Path out) throws IOException, InterruptedException {
        run(List.of(
                jdk.resolve("bin/jlink").toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--generate-cds-archive",
                "--output",
                out.toString()));
        return out;
    }

    /**
     * The system libraries the runtime links against (from {@code ldd} of the launcher, libjvm and the runtime's own
     * libraries), each at the path the loader looks for it, plus the few /etc files a JVM reads.
     */
    static FileEntriesLayer systemLibraries(Path runtime, Path etc) throws IOException, InterruptedException {
        List<Path> binaries = new ArrayList<>();
        binaries.add(runtime.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(runtime.resolve("lib"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".so"))
                    .filter(p -> !GUI_LIBRARIES.contains(p.getFileName().toString()))
                    .sorted()
                    .forEach(binaries::add);
        }
        List<String> command = new ArrayList<>(List.of("ldd"));
        binaries.forEach(b -> command.add(b.toString()));
        String ldd = run(command);
        java.util.TreeSet<String> libraries = new java.util.TreeSet<>();
        for (String line : ldd.lines().toList()) {
            String l = line.strip();
            String path = null;
            if (l.contains("=> /")) {
                path = l.substring(l.indexOf("=> ") + 3, l.lastIndexOf(" ("));
            } else if (l.startsWith("/") && l.contains(" (")) {
                path = l.substring(0, l.indexOf(" ("));
            }
            if (path != null && !Path.of(path).toRealPath().startsWith(runtime.toRealPath())) {
                libraries.add(Path.of(path).normalize().toString());
            }
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
        for (String lib : libraries) {
            Path real = Path.of(lib).toRealPath();
            layer.addEntry(real, AbsoluteUnixPath.get(lib), FilePermissions.fromOctalString("755"));
        }
        layer.addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"));
        layer.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"));
        layer.addEntry(etc.resolve("nsswitch.conf"), AbsoluteUnixPath.get("/etc/nsswitch.conf"));
        layer.addEntry(etc.resolve("empty"), AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
        return layer.build();
    }

    private static Path writeEtc(Path etc) throws IOException {
        Files.createDirectories(etc.resolve("empty"));
        Files.writeString(
                etc.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\ncanarygate:x:1001:1001:canarygate:/github/home:/sbin/nologin\n",
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\ncanarygate:x:1001:\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n", StandardCharsets.UTF_8);
        return etc;
    }

    /** Every file and directory under {@code dir} at {@code target}, keeping the execute bits. */
    static FileEntriesLayer tree(String name, Path dir, String target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<Path> paths;
        try (Stream<Path> files = Files.walk(dir)) {
            paths = files.filter(p -> !p.equals(dir)).sorted().toList();
        }
        for (Path p : paths) {
            String relative = dir.relativize(p).toString();
            FilePermissions permissions = FilePermissions.fromPosixFilePermissions(
                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            layer.addEntry(p, AbsoluteUnixPath.get(target + "/" + relative), permissions);
        }
        return layer.build();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        String text = new String(out, StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IOException(command.get(0) + " exited " + exit + ":\n" + text);
        }
        return text;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
