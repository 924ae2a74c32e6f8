"""The network information of a server: VIFs, their network, subnets and
IPs.

This is what ``instance_info_caches.network_info`` holds (a JSON list of
VIF dicts, upstream's layout), so the API can show a server's addresses
without asking the network service.  The classes are dicts, so a cache
written by upstream Nova reads the same and a model serializes with
``jsonutils.dumps`` as is; :meth:`NetworkInfo.hydrate` turns the plain
JSON back into the model.
"""

from oslo_serialization import jsonutils


class _Model(dict):
    """A dict whose nested dicts and lists are hydrated on the way in."""

    _children = {}

    @classmethod
    def hydrate(cls, value):
        model = cls(value or {})
        for key, child in cls._children.items():
            if model.get(key) is None:
                continue
            if isinstance(model[key], list):
                model[key] = [child.hydrate(v) for v in model[key]]
            else:
                model[key] = child.hydrate(model[key])
        return model


class IP(_Model):
    """An address: ``address``, ``type`` (fixed/floating), ``version``."""

    @property
    def version(self):
        if self.get('version'):
            return self['version']
        return 6 if ':' in (self.get('address') or '') else 4


class FixedIP(IP):
    """A fixed address, with the floating addresses that point at it."""

    _children = {'floating_ips': IP}


class Subnet(_Model):
    """``cidr``, ``gateway``, ``dns``, ``ips`` (fixed, with floatings)."""

    _children = {'ips': FixedIP}


class Network(_Model):
    """``id``, ``label`` (the name the API shows), ``subnets``."""

    _children = {'subnets': Subnet}


class VIF(_Model):
    """A virtual interface: ``id``, ``address`` (MAC), ``network``."""

    _children = {'network': Network}

    def fixed_ips(self):
        network = self.get('network') or {}
        return [ip for subnet in network.get('subnets') or []
                for ip in subnet.get('ips') or []]

    def addresses(self):
        """[(IP, type)] for this VIF: each fixed IP, then its floatings."""
        found = []
        network = self.get('network') or {}
        for subnet in network.get('subnets') or []:
            for ip in subnet.get('ips') or []:
                version = ip.get('version') or subnet.get('version')
                found.append((ip, ip.get('type', 'fixed'), version))
                for fip in ip.get('floating_ips') or []:
                    found.append((fip, 'floating',
                                  fip.get('version') or version))
        return found


class NetworkInfo(list):
    """A server's VIFs, in the order the network service gave them."""

    @classmethod
    def hydrate(cls, value):
        if isinstance(value, str):
            value = jsonutils.loads(value) if value else []
        return cls(VIF.hydrate(vif) for vif in value or [])

    def json(self):
        return jsonutils.dumps(self)

    def labeled_ips(self):
        """{network label: [{'version', 'addr', 'type', 'mac_addr'}]},
        labels in VIF order; VIFs without a labelled network are left
        out (they have no name to show)."""
        result = {}
        for vif in self:
            label = (vif.get('network') or {}).get('label')
            if not label:
                continue
            entries = result.setdefault(label, [])
            for ip, kind, version in vif.addresses():
                entries.append({
                    'version': version or IP(ip).version,
                    'addr': ip.get('address'), 'type': kind,
                    'mac_addr': vif.get('address')})
        return result
