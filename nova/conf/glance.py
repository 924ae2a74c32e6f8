"""[glance]: how nova reaches the Image service."""

from oslo_config import cfg

from nova.conf import utils as confutils

DEFAULT_SERVICE_TYPE = 'image'

glance_group = cfg.OptGroup('glance', title='Glance Options',
                            help="Configuration options for the Image "
                                 "service (glance).")

glance_opts = [
    cfg.ListOpt('api_servers',
                help="Glance API endpoints (``[scheme://]host:port``), "
                     "tried in turn.  If unset the endpoint is taken from "
                     "the keystone catalog."),
    cfg.BoolOpt('api_insecure', default=False,
                deprecated_for_removal=True,
                deprecated_since='17.0.0',
                deprecated_reason="Use [glance] insecure.",
                help="Skip TLS certificate checks when talking to "
                     "glance."),
    cfg.IntOpt('num_retries', default=0, min=0,
               help="Extra attempts for image uploads and downloads."),
    cfg.ListOpt('allowed_direct_url_schemes', default=[],
                help="URL schemes (e.g. file) nova may read images from "
                     "directly instead of through glance."),
    cfg.BoolOpt('verify_glance_signatures', default=False,
                help="Verify image signatures before booting; requires a "
                     "key manager."),
    cfg.BoolOpt('enable_certificate_validation', default=False,
                help="Also validate the signing certificate against "
                     "trusted certificates."),
    cfg.ListOpt('default_trusted_certificate_ids', default=[],
                help="Certificate ids trusted when a request gives "
                     "none."),
    cfg.BoolOpt('debug', default=False,
                help="Log glance client requests and responses."),
]


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)
    confutils.register_ksa_opts(conf, glance_group, DEFAULT_SERVICE_TYPE,
                                include_auth=False)


def list_opts():
    return {glance_group: (glance_opts +
                           confutils.ksa_list_opts(DEFAULT_SERVICE_TYPE,
                                                   include_auth=False))}
