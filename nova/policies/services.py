"""Listing, enabling, disabling, forcing down and deleting services
(``os-services``)."""

from oslo_policy import policy

from nova.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-services'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE_POLICY_NAME,
        check_str=base.RULE_ADMIN_API,
        description="List, enable, disable, force down and delete "
                    "services.",
        operations=[
            {'method': 'GET', 'path': '/os-services'},
            {'method': 'PUT', 'path': '/os-services/enable'},
            {'method': 'PUT', 'path': '/os-services/disable'},
            {'method': 'PUT', 'path': '/os-services/disable-log-reason'},
            {'method': 'PUT', 'path': '/os-services/force-down'},
            {'method': 'PUT', 'path': '/os-services/{service_id}'},
            {'method': 'DELETE', 'path': '/os-services/{service_id}'},
        ]),
]


def list_rules():
    return rules
