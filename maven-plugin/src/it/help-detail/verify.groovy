def log = new File(basedir, 'build.log').text
assert log.contains('release-policy:verify')
['manifests', 'policies', 'config', 'now', 'failOnWarning', 'skip', 'formats', 'outputDirectory'].each {
    assert log =~ /(?m)^    ${it}( \(Default: .*\))?\r?$/ : "parameter ${it} missing from help"
}
assert log.contains('User property: release-policy.skip')
assert log.contains('Fixes the clock for release-window checks')
return true
