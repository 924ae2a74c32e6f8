"""[key_manager]: nova's own key manager option.

The key manager backend itself (castellan) registers its options in the
same group when it is used.
"""

from oslo_config import cfg

key_manager_group = cfg.OptGroup('key_manager', title='Key manager options')

key_manager_opts = [
    cfg.StrOpt('fixed_key', secret=True,
               deprecated_group='keymgr',
               help="Hex key used by the fixed-key manager (all volumes "
                    "share it; for testing only)."),
]


def register_opts(conf):
    conf.register_group(key_manager_group)
    conf.register_opts(key_manager_opts, group=key_manager_group)


def list_opts():
    return {key_manager_group: key_manager_opts}
