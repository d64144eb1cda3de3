import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def log = new File(basedir, 'build.log').text
def dirs = new File(System.getProperty('java.io.tmpdir')).listFiles().findAll {
    it.name.startsWith('release-policy-it-fork-') }
try {
    // checked in forked JVMs, not in Maven's JVM nor a daemon
    assert !log.contains("checking in Maven's JVM")
    assert !log.contains('started the verify daemon')
    // the answers are the goal's: findings with file:line:column, counts, reports, failure
    assert log.contains('[ERROR] release/wrong-type-replicas.yaml:12:13 schema spec.replicas must be an integer, not a string (write a number without quotes')
    assert log.contains('release-policy: 1 manifest, 1 error, 0 warnings')
    assert log.contains('release-policy: 1 manifest, 0 errors, 0 warnings')
    assert log.contains('BUILD FAILURE')
    // the second build answered both modules from the verify cache in Maven's JVM, with the same lines
    def answered = (log =~ /every manifest's result is in the verify cache: answered in Maven's JVM without forking/).size()
    assert answered == 2 : "expected both modules of the second build answered from the cache, got ${answered}"
    assert (log =~ /\[ERROR\] release\/wrong-type-replicas.yaml:12:13 schema spec.replicas must be an integer/).size() >= 2
    assert (log =~ /release-policy: 1 manifest, 1 error, 0 warnings/).size() >= 2
    assert new File(basedir, 'good/target/release-policy/release-policy.json').text.contains('"cached" : true')
    assert new File(basedir, 'good/target/release-policy/release-policy.json').text.contains('"errors" : 0')
    assert new File(basedir, 'bad/target/release-policy/TEST-release-policy.xml').isFile()
    assert dirs.size() == 1 : "expected the fork's folder, found ${dirs}"
    def dir = dirs[0]
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.toPath())) == 'rwx------'
    // nothing outlives the build: no socket, no process started from the folder's files
    assert !dir.listFiles().any { it.name.endsWith('.sock') }
    def left = ProcessHandle.allProcesses().filter { p ->
        p.info().commandLine().map { it.contains(dir.name) }.orElse(false) }.toList()
    assert left.isEmpty() : "processes left: ${left*.info()}"
    if (Runtime.version().feature() >= 25) {
        // one module made the AOT cache of this plugin build (the other ran without, not at the same time)
        def making = (log =~ /making the AOT cache of the verify JVM/).size()
        assert making == 1 : "expected one training run, got ${making}"
        def caches = dir.listFiles().findAll { it.name.endsWith('.aot') }
        assert caches.size() == 1 && caches[0].length() > 0 : "AOT cache in ${dir.listFiles()*.name}"
        assert !dir.listFiles().any { it.name.endsWith('.aot.config') }
        assert dir.listFiles().find { it.name.endsWith('.version') }.text ==~ /\d+\.\d+.*/
    }
} finally {
    dirs.each { it.deleteDir() }
}
return true
