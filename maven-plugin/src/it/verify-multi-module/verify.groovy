def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: 1 manifest, 0 errors, 0 warnings')
assert log.contains('[INFO] release-policy: 2 manifests, 0 errors, 0 warnings')
assert log.contains('no release/ folder in lib')
assert log.contains('no release/ folder in verify-multi-module')
// exactly one reactor summary, with every module in reactor order
assert log.count('release-policy: reactor summary:') == 1
assert log.contains('release-policy: reactor summary: 2 of 4 modules checked, 3 manifests, 0 errors, 0 warnings')
def summary = log.substring(log.indexOf('reactor summary:'))
def order = ['verify-multi-module .', 'api .', 'web .', 'lib .'].collect { summary.indexOf(it) }
assert order.every { it > 0 } && order == order.sort(false)
assert summary.contains('web ......') && summary.contains('2 manifests, 0 errors, 0 warnings')
assert new File(basedir, 'api/target/release-policy/release-policy.json').isFile()
assert new File(basedir, 'web/target/release-policy/release-policy.json').isFile()
assert !new File(basedir, 'lib/target/release-policy').exists()
// the parent's .release-policy.yaml (a rule for an unknown policy) did not apply to the modules
assert !log.contains('no-such-policy')
assert log.contains('BUILD SUCCESS')
return true
