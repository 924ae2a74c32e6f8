"""ImagePropertiesFilter: the image's architecture, hypervisor type and
vm mode must be among what the host supports."""

import nova.conf
from nova.scheduler import filters
from nova.scheduler import utils

CONF = nova.conf.CONF

_HV_ALIASES = {'qemu': 'qemu', 'kvm': 'kvm', 'xapi': 'xen', 'xen': 'xen'}


class ImagePropertiesFilter(filters.BaseHostFilter):

    run_filter_once_per_request = True

    @staticmethod
    def _wanted(spec_obj):
        """(architecture, hypervisor type, vm mode, hypervisor version
        requirement) the request's image asks for."""
        image = utils.requested(spec_obj, 'image') or {}
        props = image.get('properties') or {}
        arch = (props.get('hw_architecture') or props.get('architecture') or
                CONF.filter_scheduler.image_properties_default_architecture)
        return (arch,
                props.get('img_hv_type') or props.get('hypervisor_type'),
                props.get('hw_vm_mode') or props.get('vm_mode'),
                props.get('img_hv_requested_version'))

    def applies_to(self, spec_obj):
        return any(self._wanted(spec_obj))

    def host_passes(self, host_state, spec_obj):
        arch, hv_type, vm_mode, hv_req = self._wanted(spec_obj)
        if hv_req and not filters.extra_spec_matches(
                host_state.hypervisor_version, hv_req):
            return False
        if not (arch or hv_type or vm_mode):
            return True
        supported = host_state.supported_instances or []
        if not supported:
            return False
        for s_arch, s_hv, s_mode in supported:
            if arch and s_arch != arch:
                continue
            if hv_type and _HV_ALIASES.get(hv_type, hv_type) != s_hv:
                continue
            if vm_mode and s_mode != vm_mode:
                continue
            return True
        return False
