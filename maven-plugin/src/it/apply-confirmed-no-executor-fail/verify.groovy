def log = new File(basedir, 'build.log').text
assert log.contains('release-policy: 1 plan written')
assert !log.contains('not confirmed') && !log.contains('stale')
assert log.contains('release-policy: apply needs the executor (not available in this build)')
assert log.contains('BUILD FAILURE')
return true
