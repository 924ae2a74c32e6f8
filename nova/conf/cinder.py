"""[cinder]: how nova reaches the Block Storage service."""

from oslo_config import cfg

from nova.conf import utils as confutils

DEFAULT_SERVICE_TYPE = 'volumev3'

cinder_group = cfg.OptGroup('cinder', title='Cinder Options',
                            help="Configuration options for the Block "
                                 "Storage service (cinder).")

cinder_opts = [
    cfg.StrOpt('catalog_info', default='volumev3:cinderv3:publicURL',
               regex=r'^[^:]*:[^:]*:[^:]*$',
               help="``service_type:service_name:endpoint_type`` used to "
                    "find cinder in the service catalog."),
    cfg.StrOpt('endpoint_template',
               help="Cinder URL template with %(project_id)s, overriding "
                    "the catalog."),
    cfg.StrOpt('os_region_name',
               help="Region of the cinder endpoint."),
    cfg.IntOpt('http_retries', default=3, min=0,
               help="Retries for failed HTTP calls to cinder."),
    cfg.BoolOpt('cross_az_attach', default=True,
                help="Allow attaching volumes from another availability "
                     "zone than the server's."),
]


def register_opts(conf):
    conf.register_group(cinder_group)
    conf.register_opts(cinder_opts, group=cinder_group)
    confutils.register_ksa_opts(conf, cinder_group, DEFAULT_SERVICE_TYPE)


def list_opts():
    return {cinder_group: (cinder_opts +
                           confutils.ksa_list_opts(DEFAULT_SERVICE_TYPE))}
