"""nova.policy and the documented defaults in nova.policies."""

import os

from oslo_config import cfg
from oslo_policy import policy as oslo_policy
import pytest

from nova import context
from nova import exception
from nova import policies
from nova import policy
from nova.tests.unit.api import fixtures


@pytest.fixture(autouse=True)
def _policy():
    fixtures.ensure_config_parsed()
    policy.reset()
    yield
    policy.reset()


def _ctx(project='p1', admin=False, roles=None):
    return context.RequestContext(user_id='u1', project_id=project,
                                  is_admin=admin, roles=roles or [])


def test_rule_names_are_unique_and_documented():
    rules = policies.list_rules()
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    for rule in rules:
        assert rule.description, rule.name
    for name in ('context_is_admin', 'admin_or_owner', 'admin_api',
                 'os_compute_api:os-flavor-manage:create',
                 'os_compute_api:os-flavor-manage:delete',
                 'os_compute_api:os-flavor-access',
                 'os_compute_api:os-flavor-access:add_tenant_access',
                 'os_compute_api:os-flavor-access:remove_tenant_access',
                 'os_compute_api:os-flavor-extra-specs:index',
                 'os_compute_api:os-flavor-extra-specs:show',
                 'os_compute_api:os-flavor-extra-specs:create',
                 'os_compute_api:os-flavor-extra-specs:update',
                 'os_compute_api:os-flavor-extra-specs:delete'):
        assert name in names


def test_admin_api_needs_admin():
    action = 'os_compute_api:os-flavor-manage:create'
    assert policy.authorize(_ctx(admin=True), action)
    with pytest.raises(exception.PolicyNotAuthorized) as err:
        policy.authorize(_ctx(), action)
    assert err.value.format_message() == (
        "Policy doesn't allow %s to be performed." % action)
    assert err.value.code == 403
    assert policy.authorize(_ctx(), action, fatal=False) is False


def test_admin_or_owner_compares_projects():
    action = 'os_compute_api:os-flavor-extra-specs:index'
    assert policy.authorize(_ctx('p1'), action)
    assert policy.authorize(_ctx('p1'), action, {'project_id': 'p1'})
    assert not policy.authorize(_ctx('p1'), action, {'project_id': 'p2'},
                                fatal=False)
    assert policy.authorize(_ctx('p1', admin=True), action,
                            {'project_id': 'p2'})


def test_context_can_goes_through_policy():
    with pytest.raises(exception.Forbidden):
        _ctx().can('os_compute_api:os-flavor-manage:delete')


def test_check_is_admin_uses_the_admin_role():
    assert policy.check_is_admin(_ctx(roles=['admin']))
    assert not policy.check_is_admin(_ctx(roles=['member']))


def test_rules_can_be_overridden():
    policy.set_rules({'os_compute_api:os-flavor-manage:create': '@'},
                     overwrite=False)
    assert policy.authorize(_ctx(), 'os_compute_api:os-flavor-manage:create')


def test_unregistered_action_is_an_error():
    with pytest.raises(Exception):
        policy.authorize(_ctx(admin=True), 'no:such:rule')


def test_get_enforcer_for_oslo_tools(monkeypatch):
    # The tools parse config themselves: give them a private ConfigOpts so
    # the process-wide one is left alone.
    monkeypatch.setattr(policy, 'CONF', cfg.ConfigOpts())
    enforcer = policy.get_enforcer()
    assert 'admin_api' in enforcer.registered_rules
    assert ('os_compute_api:os-flavor-manage:create'
            in enforcer.registered_rules)


def test_an_edited_policy_file_takes_effect_within_a_second(tmp_path,
                                                            monkeypatch):
    policy_file = tmp_path / 'policy.yaml'
    rule = 'os_compute_api:os-flavor-manage:create'
    policy_file.write_text('"%s": "role:maker"\n' % rule)
    conf = cfg.ConfigOpts()
    conf([], project='nova', default_config_files=[])
    enforcer = policy.Enforcer(conf, policy_file=str(policy_file))
    enforcer.register_defaults(policies.list_rules())
    now = [1000.0]
    monkeypatch.setattr(policy.time, 'monotonic', lambda: now[0])
    maker = _ctx(roles=['maker']).to_policy_values()
    baker = _ctx(roles=['baker']).to_policy_values()
    target = {'project_id': 'p1'}
    assert enforcer.authorize(rule, target, maker)
    assert not enforcer.authorize(rule, target, baker)

    policy_file.write_text('"%s": "role:baker"\n' % rule)
    stat = policy_file.stat()
    os.utime(policy_file, (stat.st_atime + 5, stat.st_mtime + 5))
    now[0] += 0.5
    # Not looked at again yet.
    assert enforcer.authorize(rule, target, maker)
    now[0] += 1
    assert enforcer.authorize(rule, target, baker)
    assert not enforcer.authorize(rule, target, maker)


def test_a_default_registered_later_is_enforced_at_once():
    enforcer = policy.init()
    ctxt = _ctx()
    assert policy.authorize(ctxt, 'os_compute_api:os-keypairs:index')
    enforcer.register_default(oslo_policy.RuleDefault(
        'nova:test:late', 'role:late-comer'))
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(ctxt, 'nova:test:late')
    assert policy.authorize(_ctx(roles=['late-comer']), 'nova:test:late')
