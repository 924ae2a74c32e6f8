"""Helpers shared by option modules that talk to other OpenStack services.

Services such as placement, glance, cinder and neutron are reached through
keystoneauth1.  Its options (session, auth plugin and adapter options) are
registered the way keystoneauth1.loading expects so that
``ks_loading.load_session_from_conf_options`` and friends work on them.
"""

import copy

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg


def get_ksa_adapter_opts(default_service_type, deprecated_opts=None):
    """keystoneauth1 adapter options with nova's default service type.

    ``deprecated_opts`` maps an adapter option name (dashes, as
    keystoneauth1 spells it, e.g. ``region-name``) to a list of
    ``cfg.DeprecatedOpt`` that are still accepted for it.
    """
    opts = ks_loading.get_adapter_conf_options(
        include_deprecated=False, deprecated_opts=deprecated_opts)
    opts = [copy.deepcopy(opt) for opt in opts]
    cfg.set_defaults(opts, service_type=default_service_type)
    return opts


def register_ksa_opts(conf, group, default_service_type, include_auth=True,
                      deprecated_opts=None):
    """Register session, (auth) and adapter options in ``group``."""
    name = getattr(group, 'name', group)
    ks_loading.register_session_conf_options(conf, name)
    if include_auth:
        ks_loading.register_auth_conf_options(conf, name)
    conf.register_opts(get_ksa_adapter_opts(
        default_service_type, deprecated_opts=deprecated_opts), group=name)


def ksa_list_opts(default_service_type, include_auth=True,
                  deprecated_opts=None, auth_plugin='password'):
    """Options for the sample file: what ``register_ksa_opts`` registers
    plus the options of a typical auth plugin (registered at run time once
    ``auth_type`` is known)."""
    opts = list(ks_loading.get_session_conf_options())
    if include_auth:
        opts += ks_loading.get_auth_common_conf_options()
        opts += ks_loading.get_auth_plugin_conf_options(auth_plugin)
    opts += get_ksa_adapter_opts(default_service_type,
                                 deprecated_opts=deprecated_opts)
    # Keep the sample stable: sort by name, drop duplicates.
    seen = {}
    for opt in opts:
        seen.setdefault(opt.dest, opt)
    return [seen[key] for key in sorted(seen)]


def register_auth_plugin_opts(conf, group):
    """Register the options of the auth plugin chosen by ``auth_type``.

    keystoneauth1 only registers them when a session is first loaded; nova
    does it right after parsing so that e.g. ``[placement] auth_url`` can
    be read (and validated) at start-up.  Returns the plugin name or None.
    """
    name = getattr(group, 'name', group)
    auth_type = conf[name].auth_type
    if not auth_type:
        return None
    conf.register_opts(ks_loading.get_auth_plugin_conf_options(auth_type),
                       group=name)
    return auth_type
