import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (run by cli/pom.xml with JDK 25's source launcher, before the AOT cache is made):
 * rewrites the class files in the shaded jar that are older than Java 6 (picocli is compiled for
 * Java 5) as Java 8 class files with stack maps.
 *
 * <p>Why: the JDK's AOT cache (and CDS) cannot hold class files older than version 50, so every
 * start loaded, parsed and verified picocli's ~200 classes from the jar with the old inferring
 * verifier — about 200 ms of each command's start-up, even {@code --version}. The bytecode is
 * unchanged; only the version and the stack map frames (computed by the ClassFile API) are new.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR}. Prints how many classes it upgraded.
 */
public final class UpgradeClassFiles {

    private static final int JAVA_6 = 50;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int upgraded = 0;
        int left = 0;
        // The jar as a zip file system: only the rewritten entries are compressed again, the
        // others are copied as they are when it closes.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             FileSystem zip = FileSystems.newFileSystem(jar)) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.ofResourceParsing(loader).orElse(ClassHierarchyResolver.defaultResolver())));
            List<Path> classes;
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                classes = all.filter(p -> p.toString().endsWith(".class") && !p.toString().endsWith("module-info.class"))
                        .toList();
            }
            for (Path p : classes) {
                byte[] bytes = Files.readAllBytes(p);
                if (majorVersion(bytes) < JAVA_6) {
                    try {
                        Files.write(p, upgrade(cf, bytes));
                        upgraded++;
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        // Only a start-up optimization: a class that cannot be rewritten (e.g. old
                        // jsr/ret bytecode) stays as it was and is merely left out of the AOT cache.
                        System.out.println("left as it is: " + p + " (" + e.getMessage() + ")");
                        left++;
                    }
                }
            }
        }
        System.out.println("upgraded " + upgraded + " class files older than Java 6 to Java 8 in " + jar
                + (left > 0 ? "; left " + left + " as they were" : ""));
    }

    private static int majorVersion(byte[] bytes) {
        return bytes.length < 8 ? Integer.MAX_VALUE : ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }

    private static byte[] upgrade(ClassFile cf, byte[] bytes) {
        ClassModel model = cf.parse(bytes);
        // Rewriting every method body makes the ClassFile API emit the code again, now with the
        // stack map frames that version 50+ class files need.
        ClassTransform transform = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0)));
        return cf.transformClass(model, transform);
    }
}
