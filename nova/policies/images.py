"""The images proxy (``/images``, up to 2.35).  Glance decides who may
see and change an image; nova only decides who sees image sizes."""

from oslo_policy import policy

from nova.policies import base

IMAGE_SIZE_POLICY_NAME = 'os_compute_api:image-size'

rules = [
    policy.DocumentedRuleDefault(
        name=IMAGE_SIZE_POLICY_NAME,
        check_str=base.RULE_ADMIN_OR_OWNER,
        description="Show ``OS-EXT-IMG-SIZE:size`` in image bodies.",
        operations=[{'method': 'GET', 'path': '/images/{image_id}'},
                    {'method': 'GET', 'path': '/images/detail'}]),
]


def list_rules():
    return rules
