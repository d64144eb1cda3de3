def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: skipped (release-policy.skip is set)')
assert !log.contains('wrong-type-replicas.yaml')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/release-policy').exists()
return true
