def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: 1 manifest, 0 errors, 0 warnings')
assert log.contains('BUILD SUCCESS')
assert !log.contains('[ERROR]')
def reports = new File(basedir, 'target/release-policy')
assert new File(reports, 'release-policy.json').text.contains('"manifests" : 1')
assert new File(reports, 'release-policy.md').isFile()
return true
