import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] release-policy: orders-api-2-7-0 (release/orders-api.yaml): Plan: ')
assert log.contains('release-policy: wrote target/release-policy/orders-api-2-7-0.plan.json and orders-api-2-7-0.plan.md')
assert log.contains('release-policy: 1 plan written to target/release-policy/')
assert log.contains('BUILD SUCCESS')
def dir = new File(basedir, 'target/release-policy')
def plan = new JsonSlurper().parse(new File(dir, 'orders-api-2-7-0.plan.json'))
assert plan.kind == 'Plan'
assert plan.metadata.release == 'orders-api-2-7-0'
assert plan.metadata.source == 'release/orders-api.yaml'
assert plan.fingerprint.value.startsWith('sha256:')
assert plan.steps.size() > 5
def md = new File(dir, 'orders-api-2-7-0.plan.md').text
assert md.contains('orders-api-2-7-0')
return true
