"""RamFilter, DiskFilter, CoreFilter: redundant with placement (which
already refused hosts without capacity) but kept for operators who list
them; they check the scheduler's own view of free resources."""

from nova.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj):
        return host_state.free_ram_mb >= spec_obj.flavor.memory_mb


class DiskFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj):
        flavor = spec_obj.flavor
        need = (flavor.root_gb + flavor.ephemeral_gb) * 1024
        return host_state.free_disk_mb >= need


class CoreFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj):
        return host_state.free_vcpus >= spec_obj.flavor.vcpus
