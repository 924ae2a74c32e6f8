"""Flavor bodies: the brief form (index) and the full form (everything
else)."""

from nova.api.openstack import common


class ViewBuilder(common.ViewBuilder):

    collection_name = 'flavors'

    def basic(self, req, flavor):
        return {'flavor': {
            'id': flavor.flavorid,
            'name': flavor.name,
            'links': self.links(req, flavor.flavorid),
        }}

    def show(self, req, flavor):
        return {'flavor': {
            'id': flavor.flavorid,
            'name': flavor.name,
            'ram': flavor.memory_mb,
            'disk': flavor.root_gb,
            # No swap is an empty string, not 0, until 2.75.
            'swap': flavor.swap or '',
            'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
            'OS-FLV-DISABLED:disabled': flavor.disabled,
            'vcpus': flavor.vcpus,
            'os-flavor-access:is_public': flavor.is_public,
            'rxtx_factor': flavor.rxtx_factor,
            'links': self.links(req, flavor.flavorid),
        }}

    def index(self, req, flavors):
        return self._list(req, flavors, self.basic, 'flavors')

    def detail(self, req, flavors):
        return self._list(req, flavors, self.show, 'flavors/detail')

    def _list(self, req, flavors, build, coll_name):
        body = {'flavors': [build(req, flavor)['flavor']
                            for flavor in flavors]}
        links = self.collection_links(req, flavors, coll_name, 'flavorid')
        if links:
            body['flavors_links'] = links
        return body
