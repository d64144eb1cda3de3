def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: 1 manifest, 0 errors, 0 warnings')
assert log.contains("[WARNING] release-policy: report format 'nosuchformat' is not available in this version")
assert log.contains('release-policy: reports written to target/reports/ (release-policy.json)')
assert new File(basedir, 'target/reports/release-policy.json').isFile()
assert log.contains('BUILD SUCCESS')
return true
