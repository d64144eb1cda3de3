package dev.releasepolicy.maven;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal of the plugin shares: the parameters that say which manifests, policies,
 * configuration and clock to use (the options {@code release-policy verify} and {@code plan} take on
 * the command line) and the {@code skip} switch.
 *
 * <p>The goal classes ({@code *Mojo}) are compiled for Java 8 and hold only parameters: Maven loads them
 * on whatever JDK it runs on, so on a JDK older than 21 the goal can say so in one line instead of
 * Maven's page-long {@code UnsupportedClassVersionError}. The work happens in the Java 21 classes
 * {@code *Work} ({@code GoalWork} and its subclasses), reached by name only after the JDK check.
 * Keep these classes free of Java 9+ language and API, and of references to the plugin's other classes.
 */
public abstract class ReleasePolicyMojo extends AbstractMojo {

    /** The oldest Java feature release the plugin's code runs on. */
    static final int REQUIRED_JAVA = 21;

    /** The project being built (read-only; used for its base and build directories). */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The running build (read-only; used to collect the reactor summary). */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** This execution of the goal (read-only; tells a command-line call from a lifecycle binding). */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /**
     * Skips the goal: nothing is read, checked or written, and the build goes on. Applies to every
     * goal of the plugin, e.g. {@code mvn package -Drelease-policy.skip}.
     */
    @Parameter(property = "release-policy.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Release manifests: files, or folders searched recursively for {@code *.yaml} and {@code *.yml}
     * documents with {@code kind: Release} (other YAML in a folder is ignored). Relative paths are
     * resolved against the module's base directory. When left at the default and the module has no
     * {@code release/} folder, the goal logs "no manifests, skipping" and passes, so the plugin can be
     * declared once in a parent POM. On the command line:
     * {@code -Drelease-policy.manifests=release/api.yaml,release/web.yaml}.
     */
    @Parameter(property = "release-policy.manifests", defaultValue = "${project.basedir}/release")
    protected List<File> manifests;

    /**
     * Folders of the team's own policies ({@code *.js}), added to the built-in ones; relative paths
     * are resolved against the module's base directory. In a multi-module build, point every module
     * at one folder with <code>${maven.multiModuleProjectDirectory}/policies</code>.
     */
    @Parameter(property = "release-policy.policies")
    protected List<File> policies = new ArrayList<File>();

    /**
     * Policy configuration file (severity overrides, parameters, waivers). Default:
     * {@code .release-policy.yaml} in the module's base directory, when it exists.
     */
    @Parameter(property = "release-policy.config")
    protected File config;

    /**
     * Fixes the clock for release-window checks and plan timelines so the build is reproducible, as
     * an ISO-8601 instant such as {@code 2026-12-01T15:00:00Z} (an offset date-time or a plain date
     * also work). Default: the current time.
     */
    @Parameter(property = "release-policy.now")
    protected String now;

    /** Where reports and plans are written. */
    @Parameter(property = "release-policy.outputDirectory", defaultValue = "${project.build.directory}/release-policy")
    protected File outputDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        String tooOld = javaTooOld(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (tooOld != null && skip) {
            getLog().info("release-policy: skipped (release-policy.skip is set)");
            return;
        }
        work(this, tooOld);
    }

    /**
     * Why this JDK cannot run the plugin, as one line, or {@code null} when it can.
     *
     * @param specificationVersion {@code java.specification.version}: "1.8", "17", "21"...
     * @param javaHome the JDK's folder, named in the message
     */
    static String javaTooOld(String specificationVersion, String javaHome) {
        int feature;
        try {
            String v = specificationVersion == null ? "" : specificationVersion.trim();
            feature = Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
        } catch (NumberFormatException e) {
            return null; // an unusual version string: let the JVM decide
        }
        if (feature >= REQUIRED_JAVA) {
            return null;
        }
        return "release-policy: needs Java " + REQUIRED_JAVA + " or newer, but Maven runs on Java " + feature
                + " (" + javaHome + "); run Maven with JAVA_HOME set to a JDK " + REQUIRED_JAVA
                + "+ (check with mvn -v), or skip the plugin with -Drelease-policy.skip";
    }

    /**
     * Runs a goal's work class after the JDK check: {@code GoalWork.execute(mojo)}, reached by name so
     * that nothing compiled for Java 21 is loaded on an older JDK.
     */
    static void work(AbstractMojo mojo, String tooOld) throws MojoExecutionException, MojoFailureException {
        if (tooOld != null) {
            throw new MojoExecutionException(tooOld);
        }
        try {
            Class.forName("dev.releasepolicy.maven.GoalWork", true, ReleasePolicyMojo.class.getClassLoader())
                    .getMethod("execute", AbstractMojo.class)
                    .invoke(null, mojo);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MojoExecutionException) {
                throw (MojoExecutionException) cause;
            }
            if (cause instanceof MojoFailureException) {
                throw (MojoFailureException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new MojoExecutionException("release-policy: internal error: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new MojoExecutionException(
                    "release-policy: the plugin jar is incomplete or damaged (" + e + "); reinstall it", e);
        }
    }
}
