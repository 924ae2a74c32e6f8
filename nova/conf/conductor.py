"""[conductor]: nova-conductor's options."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor Options')

conductor_opts = [
    cfg.IntOpt('workers', min=1,
               help="Worker processes for nova-conductor (default: the "
                    "number of CPUs)."),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group: conductor_opts}
