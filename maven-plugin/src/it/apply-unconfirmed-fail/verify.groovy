def log = new File(basedir, 'build.log').text
assert log.contains('release-policy: 1 plan written')
assert log.contains('[ERROR] release-policy: orders-api-2-7-0 is not confirmed: applying it changes orders-api in namespace prod; review its plan, then run again with -Drelease-policy.confirm=orders-api')
assert log.contains('apply refused: orders-api-2-7-0 is not confirmed')
assert log.contains('BUILD FAILURE')
assert !log.contains('executor')
return true
