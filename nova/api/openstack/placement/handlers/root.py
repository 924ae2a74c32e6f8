"""GET / : the version document (no authentication needed)."""

from nova.api.openstack.placement import microversion
from nova.api.openstack.placement import util


def home(req):
    return util.json_response({'versions': [{
        'id': 'v1.0',
        'min_version': microversion.MIN_VERSION.get_string(),
        'max_version': microversion.MAX_VERSION.get_string(),
        'status': 'CURRENT',
        'links': [util.link('self', '')],
    }]})
