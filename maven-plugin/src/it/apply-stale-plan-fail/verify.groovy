def log = new File(basedir, 'build.log').text
// the policy digest and tool version may differ too, depending on the build: the manifest did change
assert log.contains('[ERROR] release-policy: plans/orders-api-2-7-0.plan.json is stale (the manifest changed')
assert log.contains('run mvn release-policy:plan again and review the new plan')
assert log.contains('apply refused: plans/orders-api-2-7-0.plan.json is stale')
assert log.contains('BUILD FAILURE')
return true
