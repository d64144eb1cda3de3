def log = new File(basedir, 'build.log').text
assert log.contains('release-policy: 1 plan written')
assert !log.contains('not confirmed') && !log.contains('stale')
assert log.contains('[INFO] release-policy: apply of orders-api-2-7-0: plan confirmed and current, handing it to the executor')
// the executor's own error line, then the goal's one-line failure
assert log =~ /\[ERROR\] release-policy: get ConfigMap prod\/release-policy-orders-api failed/
assert log.contains('release-policy: apply of orders-api-2-7-0: the executor stopped with a tool error (see the log above)')
assert log.contains('BUILD FAILURE')
return true
