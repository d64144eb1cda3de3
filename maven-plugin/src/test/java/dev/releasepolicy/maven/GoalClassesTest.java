package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The classes Maven loads when a goal starts (every {@code *Mojo} class: the goals named in the
 * descriptor and their superclasses) must load on any JDK Maven runs on, so that an old JDK gets the
 * one-line "needs Java 21" error rather than {@code UnsupportedClassVersionError}: they are Java 8
 * class files, and name none of the plugin's Java 21 classes (those are reached by name, after the check).
 */
class GoalClassesTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern PLUGIN_CLASS = Pattern.compile("dev/releasepolicy/[A-Za-z0-9_/$]+");

    @Test
    void goalClasses_areJava8ClassFiles_thatNameNoJava21ClassOfThePlugin() throws IOException {
        List<Path> goalClasses = goalClassFiles();
        assertThat(goalClasses)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "ReleasePolicyMojo.class",
                        "PlanningMojo.class",
                        "ClusterMojo.class",
                        "VerifyMojo.class",
                        "PlanMojo.class",
                        "DryRunMojo.class",
                        "ApplyMojo.class",
                        "StopDaemonMojo.class");
        Map<String, String> problems = new TreeMap<>();
        for (Path file : goalClasses) {
            ClassFile c = ClassFile.read(file);
            if (c.major() > 52) {
                problems.put(file.getFileName().toString(), "class file version " + c.major() + " (Java 8 is 52)");
            }
            TreeSet<String> java21 = new TreeSet<>();
            for (String s : c.utf8()) {
                Matcher m = PLUGIN_CLASS.matcher(s);
                while (m.find()) {
                    String name = m.group();
                    String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                    if (!outer.endsWith("Mojo")) {
                        java21.add(name);
                    }
                }
            }
            if (!java21.isEmpty()) {
                problems.put(file.getFileName().toString(), "names " + java21);
            }
        }
        assertThat(problems).as("goal classes that an old JDK could not load").isEmpty();
    }

    @Test
    void goalClasses_theMojoWithItsWorkClass_existForEveryGoal() throws IOException {
        for (Path file : goalClassFiles()) {
            String name = file.getFileName().toString().replace(".class", "");
            if (name.equals("HelpMojo") || name.equals("ReleasePolicyMojo")) {
                continue; // help is maven-plugin-plugin's; the base class dispatches
            }
            assertThat(CLASSES.resolve("dev/releasepolicy/maven/" + name.replace("Mojo", "Work") + ".class"))
                    .as("work class of " + name)
                    .exists();
        }
    }

    @Test
    void javaTooOld_olderThan21_saysSoInOneLine_newerIsFine() {
        String message = ReleasePolicyMojo.javaTooOld("17", "/usr/lib/jvm/java-17");
        assertThat(message)
                .startsWith("release-policy: needs Java 21 or newer, but Maven runs on Java 17 (/usr/lib/jvm/java-17)")
                .contains("JAVA_HOME")
                .contains("-Drelease-policy.skip")
                .doesNotContain("\n");
        assertThat(ReleasePolicyMojo.javaTooOld("1.8", "/jdk8")).contains("Maven runs on Java 8 (/jdk8)");
        assertThat(ReleasePolicyMojo.javaTooOld("21", "/jdk21")).isNull();
        assertThat(ReleasePolicyMojo.javaTooOld("25", "/jdk25")).isNull();
        assertThat(ReleasePolicyMojo.javaTooOld("strange", "/x")).isNull();
    }

    private static List<Path> goalClassFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/releasepolicy"))) {
            files.filter(p -> p.getFileName().toString().matches("[A-Za-z]+Mojo(\\$.*)?\\.class"))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    /** The two things this test reads from a class file: its version and its UTF-8 constants. */
    private record ClassFile(int major, List<String> utf8) {

        static ClassFile read(Path file) throws IOException {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                in.readUnsignedShort(); // minor
                int major = in.readUnsignedShort();
                int count = in.readUnsignedShort();
                List<String> strings = new ArrayList<>();
                for (int i = 1; i < count; i++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> strings.add(in.readUTF());
                        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                        case 15 -> in.skipNBytes(3);
                        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                        case 5, 6 -> {
                            in.skipNBytes(8);
                            i++; // long and double take two slots
                        }
                        default -> throw new IOException(file + ": unknown constant pool tag " + tag);
                    }
                }
                return new ClassFile(major, strings);
            }
        }
    }
}
