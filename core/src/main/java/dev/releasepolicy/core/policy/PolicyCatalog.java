package dev.releasepolicy.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds policy modules: the built-in ones packaged in the core jar (from the top-level
 * {@code policies/} folder) and the {@code *.js}/{@code *.mjs} files of team folders (not recursive:
 * a {@code tests/} folder beside them holds their cases).
 */
public final class PolicyCatalog {

    /** Classpath folder of the built-in policies. */
    public static final String BUILTIN_ROOT = "dev/releasepolicy/policies";

    private PolicyCatalog() {}

    /**
     * The list of built-in policy files ({@code policies/builtin.list}, one file name per line; a
     * test keeps it equal to the folder). Reading it and each listed file as a class-path resource
     * avoids opening the jar as a zip file system, which cost ~50 ms of every cold start.
     */
    public static final String BUILTIN_LIST = "builtin.list";

    /** The origin of the built-in policies ({@link PolicyFile#origin()}); a team folder cannot have it. */
    public static final String BUILTIN_ORIGIN = "built-in";

    /** The built-in policies, named {@code policies/<file>}. */
    public static List<PolicyFile> builtin() {
        ClassLoader loader = PolicyCatalog.class.getClassLoader();
        List<PolicyFile> files = new ArrayList<>();
        for (String name : builtinNames(loader)) {
            files.add(new PolicyFile("policies/" + name, resource(loader, BUILTIN_ROOT + "/" + name), BUILTIN_ORIGIN));
        }
        return files;
    }

    /**
     * The ids of the built-in policies (each is named after its file, which a test keeps so): reserved,
     * also when a team's policies are loaded without the built-in ones ({@code release-policy test}).
     */
    public static List<String> builtinIds() {
        return builtinNames(PolicyCatalog.class.getClassLoader()).stream()
                .map(n -> new PolicyFile(n, "").baseName())
                .toList();
    }

    private static List<String> builtinNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (String line : resource(loader, BUILTIN_ROOT + "/" + BUILTIN_LIST).split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the core jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in policy " + name + ": " + e.getMessage(), e);
        }
    }

    /** The policies of one team folder, named by the folder as given plus the file name. */
    public static List<PolicyFile> folder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder of policies");
        }
        String prefix = dir.toString().replace('\\', '/');
        return read(dir, prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private static List<PolicyFile> read(Path dir, String prefix) throws IOException {
        List<PolicyFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if ((name.endsWith(".js") || name.endsWith(".mjs")) && Files.isRegularFile(p)) {
                    files.add(new PolicyFile(prefix + name, Files.readString(p, StandardCharsets.UTF_8), prefix));
                }
            }
        }
        return files;
    }

    /**
     * The built-in policy folder as a {@link Path}: a real folder when running from classes, a
     * zip file system path inside the jar otherwise.
     */
    public static Path builtinRoot() {
        URL url = PolicyCatalog.class.getClassLoader().getResource(BUILTIN_ROOT);
        if (url == null) {
            throw new IllegalStateException(BUILTIN_ROOT + " is missing from the core jar");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath("/" + BUILTIN_ROOT);
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }
}
