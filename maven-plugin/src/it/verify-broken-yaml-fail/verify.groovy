def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] release/malformed.yaml:11:46 yaml YAML syntax error: mapping values are not allowed here (fix the YAML syntax')
// the well-formed manifest beside it was still checked
assert log.contains('release-policy: 1 manifest and 1 unreadable file, 1 error, 0 warnings')
assert log.contains('BUILD FAILURE')
assert !log.contains('\tat ') && !log.contains('    at ')
return true
