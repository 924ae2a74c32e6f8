"""RAM, disk, CPU and I/O operations weighers (positive multipliers
spread, negative stack)."""

import nova.conf
from nova.scheduler import weights

CONF = nova.conf.CONF


class RAMWeigher(weights.AttributeWeigher):
    attribute = 'free_ram_mb'

    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier


class DiskWeigher(weights.AttributeWeigher):
    attribute = 'free_disk_mb'

    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier


class CPUWeigher(weights.AttributeWeigher):
    attribute = 'free_vcpus'

    def weight_multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier


class IoOpsWeigher(weights.AttributeWeigher):
    attribute = 'num_io_ops'

    def weight_multiplier(self):
        return CONF.filter_scheduler.io_ops_weight_multiplier
