"""Default policy rules, one module per API resource.

Each module exposes ``list_rules()``; :func:`list_rules` here chains them
for ``nova.policy`` (registration) and for oslo.policy's sample and
documentation generators (the ``oslo.policy.policies`` entry point).
"""

import itertools

from nova.policies import aggregates
from nova.policies import availability_zone
from nova.policies import base
from nova.policies import flavor_access
from nova.policies import flavor_extra_specs
from nova.policies import flavor_manage
from nova.policies import hypervisors
from nova.policies import keypairs
from nova.policies import services


def list_rules():
    return list(itertools.chain(
        aggregates.list_rules(),
        availability_zone.list_rules(),
        base.list_rules(),
        flavor_access.list_rules(),
        flavor_extra_specs.list_rules(),
        flavor_manage.list_rules(),
        hypervisors.list_rules(),
        keypairs.list_rules(),
        services.list_rules(),
    ))
