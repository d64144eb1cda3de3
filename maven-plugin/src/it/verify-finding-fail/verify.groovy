def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] release/wrong-type-replicas.yaml:12:13 schema spec.replicas must be an integer, not a string (write a number without quotes')
assert log.contains('release-policy: 1 manifest, 1 error, 0 warnings')
assert log.contains('BUILD FAILURE')
// the JSON report is still written, with the same relative file name
def json = new File(basedir, 'target/release-policy/release-policy.json').text
assert json.contains('"file" : "release/wrong-type-replicas.yaml"')
assert json.contains('"line" : 12')
return true
