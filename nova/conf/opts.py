"""Entry point for oslo-config-generator (``nova.conf`` namespace)."""

import collections

import nova.conf


def list_opts():
    """All of nova's options as [(group, [opts])], sorted by group."""
    merged = collections.defaultdict(list)
    for module in nova.conf.ALL_MODULES:
        for group, opts in module.list_opts().items():
            merged[group].extend(opts)
    return sorted(merged.items(), key=lambda item: (item[0] != 'DEFAULT',
                                                   str(item[0])))
