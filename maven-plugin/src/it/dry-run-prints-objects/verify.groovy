def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: dry run of orders-api-2-7-0 (release/orders-api.yaml), offline: nothing is sent')
// the executor's dry run, streamed into the log
assert log.contains('[INFO] # + Deployment prod/orders-api-2-7-0: create')
assert log.contains('[INFO]         image: registry.example.com/shop/orders-api:2.7.0')
assert log.contains('[INFO] release-policy: dry run of 1 plan, nothing sent')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/release-policy').exists()
return true
