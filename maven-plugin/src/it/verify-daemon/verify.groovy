import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def log = new File(basedir, 'build.log').text
def started = (log =~ /release-policy: started the verify daemon \(pid (\d+)\)/).collect { it[1] as long }
def daemons = new File(System.getProperty('java.io.tmpdir')).listFiles().findAll {
    it.name.startsWith('release-policy-it-') && Files.list(it.toPath()).anyMatch { f ->
        f.fileName.toString().endsWith('.sock') } }
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
    assert daemons.size() == 1 : "expected the daemon's folder with its socket, found ${daemons}"
    def dir = daemons[0]
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.toPath())) == 'rwx------'
    // stopped (SIGTERM), it removes its socket and, on JDK 25+, writes the AOT cache the next daemon starts from
    daemon.get().destroy()
    daemon.get().onExit().get()
    if (Runtime.version().feature() >= 25) {
        def deadline = System.nanoTime() + 120_000_000_000L
        def ready = { dir.listFiles().any { it.name.endsWith('.aot') && it.length() > 0 } &&
                !dir.listFiles().any { it.name.endsWith('.aot.config') } }
        while (!ready() && System.nanoTime() < deadline) {
            Thread.sleep(200)
        }
        assert ready() : "no AOT cache in ${dir.listFiles()*.name}"
    }
    assert !dir.listFiles().any { it.name.endsWith('.sock') }
    dir.deleteDir()
} finally {
    started.each { pid -> ProcessHandle.of(pid).ifPresent { it.destroy(); it.onExit().get() } }
}
return true
