"""Host aggregates (``os-aggregates``): administrators only."""

from oslo_policy import policy

from nova.policies import base

POLICY_ROOT = 'os_compute_api:os-aggregates:%s'


def _rule(action, description, method, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=base.RULE_ADMIN_API,
        description=description,
        operations=[{'method': method, 'path': path}])


rules = [
    _rule('index', "List aggregates.", 'GET', '/os-aggregates'),
    _rule('create', "Create an aggregate.", 'POST', '/os-aggregates'),
    _rule('show', "Show an aggregate.", 'GET',
          '/os-aggregates/{aggregate_id}'),
    _rule('update', "Rename an aggregate or change its availability "
          "zone.", 'PUT', '/os-aggregates/{aggregate_id}'),
    _rule('delete', "Delete an (empty) aggregate.", 'DELETE',
          '/os-aggregates/{aggregate_id}'),
    _rule('add_host', "Add a host to an aggregate (action add_host).",
          'POST', '/os-aggregates/{aggregate_id}/action'),
    _rule('remove_host', "Remove a host from an aggregate (action "
          "remove_host).", 'POST', '/os-aggregates/{aggregate_id}/action'),
    _rule('set_metadata', "Set or remove aggregate metadata (action "
          "set_metadata).", 'POST', '/os-aggregates/{aggregate_id}/action'),
]


def list_rules():
    return rules
