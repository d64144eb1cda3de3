import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def log = new File(basedir, 'build.log').text
def started = (log =~ /release-policy: started the verify daemon \(pid (\d+)\)/).collect { it[1] as long }
try {
    // one daemon for both modules, though they ran at the same time
    assert started.size() == 1 : "expected one daemon start, got ${started}"
    assert !log.contains("checking in Maven's JVM")
    // the daemon's answers are the goal's: findings with file:line:column, counts, reports, failure
    assert log.contains('[ERROR] release/wrong-type-replicas.yaml:12:13 schema spec.replicas must be an integer, not a string (write a number without quotes')
    assert log.contains('release-policy: 1 manifest, 1 error, 0 warnings')
    assert log.contains('release-policy: 1 manifest, 0 errors, 0 warnings')
    assert log.contains('BUILD FAILURE')
    assert new File(basedir, 'good/target/release-policy/release-policy.json').text.contains('"errors" : 0')
    assert new File(basedir, 'bad/target/release-policy/TEST-release-policy.xml').isFile()
    // the daemon outlives the build, in a folder only its user can open
    def daemon = ProcessHandle.of(started[0])
    assert daemon.isPresent() && daemon.get().isAlive()
    def dir = new File(System.getProperty('java.io.tmpdir'), 'release-policy-it-daemon').toPath()
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) == 'rwx------'
    assert Files.list(dir).anyMatch { it.fileName.toString().endsWith('.sock') }
} finally {
    started.each { pid -> ProcessHandle.of(pid).ifPresent { it.destroy(); it.onExit().get() } }
}
return true
