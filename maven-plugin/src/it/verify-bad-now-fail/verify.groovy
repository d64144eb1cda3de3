def log = new File(basedir, 'build.log').text
assert log.contains("release-policy: now (release-policy.now): 'next tuesday' is not an ISO-8601 instant; write e.g. 2026-12-01T15:00:00Z")
assert log.contains('BUILD FAILURE')
assert !log.contains('\tat ') && !log.contains('    at ')
return true
