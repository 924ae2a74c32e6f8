"""[wsgi]: the WSGI servers of nova-api and nova-api-metadata."""

from oslo_config import cfg

wsgi_group = cfg.OptGroup('wsgi', title='WSGI Options',
                          help="Options for the WSGI servers that run the "
                               "Compute and metadata APIs.")

wsgi_opts = [
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               deprecated_group='DEFAULT',
               help="Name or path of the paste.deploy configuration that "
                    "builds the API pipelines (searched for next to the "
                    "config files when not absolute)."),
    cfg.StrOpt('wsgi_log_format',
               default='%(client_ip)s "%(request_line)s" status: '
                       '%(status_code)s len: %(body_length)s time: '
                       '%(wall_seconds).7f',
               deprecated_group='DEFAULT',
               help="Format of the access log line written for each "
                    "request."),
    cfg.StrOpt('secure_proxy_ssl_header',
               deprecated_group='DEFAULT',
               help="Header (e.g. HTTP_X_FORWARDED_PROTO) that tells the "
                    "API a request reached the proxy over HTTPS."),
    cfg.StrOpt('ssl_ca_file', deprecated_group='DEFAULT',
               help="CA certificate file used to verify clients."),
    cfg.StrOpt('ssl_cert_file', deprecated_group='DEFAULT',
               help="TLS certificate of the API server."),
    cfg.StrOpt('ssl_key_file', deprecated_group='DEFAULT',
               help="TLS private key of the API server."),
    cfg.IntOpt('tcp_keepidle', default=600, min=0,
               deprecated_group='DEFAULT',
               help="TCP_KEEPIDLE in seconds for each server socket."),
    cfg.IntOpt('default_pool_size', default=1000, min=1,
               deprecated_group='DEFAULT',
               deprecated_name='wsgi_default_pool_size',
               help="Size of the pool of threads handling requests in "
                    "each API worker."),
    cfg.IntOpt('max_header_line', default=16384, min=1,
               deprecated_group='DEFAULT',
               help="Longest accepted HTTP header line, in bytes (large "
                    "Keystone tokens may need more)."),
    cfg.BoolOpt('keep_alive', default=True,
                deprecated_group='DEFAULT',
                deprecated_name='wsgi_keep_alive',
                help="Keep client connections open between requests."),
    cfg.IntOpt('client_socket_timeout', default=900, min=0,
               deprecated_group='DEFAULT',
               help="Seconds an idle client connection is kept; 0 waits "
                    "forever."),
]


def register_opts(conf):
    conf.register_group(wsgi_group)
    conf.register_opts(wsgi_opts, group=wsgi_group)


def list_opts():
    return {wsgi_group: wsgi_opts}
