def log = new File(basedir, 'build.log').text
assert log.contains("[WARNING] release/orders-api.yaml:10:11 yaml/ambiguous-scalar unquoted 'off' is read as text here")
assert log.contains('release-policy: 1 manifest, 0 errors, 1 warning (failOnWarning is set)')
assert log.contains('BUILD FAILURE')
return true
