def log = new File(basedir, 'build.log').text
['verify', 'plan', 'dry-run', 'apply', 'stop-daemon', 'help'].each { assert log.contains("release-policy:${it}") }
['manifests', 'policies', 'config', 'now', 'failOnWarning', 'skip', 'formats', 'outputDirectory',
        'daemon', 'daemonIdleTimeout', 'daemonDirectory'].each {
    assert log =~ /(?m)^    ${it}( \(Default: .*\))?\r?$/ : "parameter ${it} missing from help"
}
['confirm', 'kubeconfig', 'context'].each {
    assert log =~ /(?m)^    ${it}\r?$/ : "apply parameter ${it} missing from help"
}
assert log.contains('User property: release-policy.skip')
assert log.contains('User property: release-policy.confirm')
assert log.contains('Fixes the clock for release-window checks')
return true
