def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: dry run of orders-api-2-7-0 (release/orders-api.yaml) in namespace prod: nothing is sent')
assert log.contains('[INFO]    + apps/v1 Deployment prod/orders-api-2-7-0 (create)')
assert log.contains('image: "registry.example.com/shop/orders-api:2.7.0"') || log.contains('image: registry.example.com/shop/orders-api:2.7.0')
assert log =~ /release-policy: dry run: \d+ object changes in 1 plan, nothing sent/
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/release-policy').exists()
return true
