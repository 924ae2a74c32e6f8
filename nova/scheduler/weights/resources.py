"""RAM, disk, CPU and I/O operations weighers (positive multipliers
spread, negative stack)."""

import nova.conf
from nova.scheduler import weights

CONF = nova.conf.CONF


class RAMWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.free_ram_mb


class DiskWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.free_disk_mb


class CPUWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.free_vcpus


class IoOpsWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self):
        return CONF.filter_scheduler.io_ops_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.num_io_ops
