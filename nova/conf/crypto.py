"""[crypto]: the certificate authority files nova keeps (x509 for EC2
bundles and per-project CAs)."""

from oslo_config import cfg

from nova.conf import paths

crypto_group = cfg.OptGroup('crypto', title='Crypto Options',
                            help="Certificate authority and key locations.")

crypto_opts = [
    cfg.StrOpt('ca_file', default='cacert.pem',
               deprecated_group='DEFAULT',
               help="File name of the root CA certificate, relative to "
                    "ca_path."),
    cfg.StrOpt('key_file', default='private/cakey.pem',
               deprecated_group='DEFAULT',
               help="File name of the root CA private key, relative to "
                    "ca_path."),
    cfg.StrOpt('crl_file', default='crl.pem',
               deprecated_group='DEFAULT',
               help="File name of the root certificate revocation list, "
                    "relative to ca_path."),
    cfg.StrOpt('keys_path', default=paths.state_path_def('keys'),
               deprecated_group='DEFAULT',
               help="Directory where per-user keys are kept."),
    cfg.StrOpt('ca_path', default=paths.state_path_def('CA'),
               deprecated_group='DEFAULT',
               help="Directory holding the root CA."),
    cfg.BoolOpt('use_project_ca', default=False,
                deprecated_group='DEFAULT',
                help="Give each project its own CA."),
    cfg.StrOpt('user_cert_subject',
               default='/C=US/ST=California/O=OpenStack/'
                       'OU=NovaDev/CN=%.16s-%.16s-%s',
               deprecated_group='DEFAULT',
               help="Subject of user certificates; the %s are project, "
                    "user and a timestamp."),
    cfg.StrOpt('project_cert_subject',
               default='/C=US/ST=California/O=OpenStack/'
                       'OU=NovaDev/CN=project-ca-%.16s-%s',
               deprecated_group='DEFAULT',
               help="Subject of project CA certificates; the %s are "
                    "project and a timestamp."),
]


def register_opts(conf):
    conf.register_group(crypto_group)
    conf.register_opts(crypto_opts, group=crypto_group)


def list_opts():
    return {crypto_group: crypto_opts}
