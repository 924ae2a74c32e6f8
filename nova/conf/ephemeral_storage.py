"""[ephemeral_storage_encryption]: encrypting instances' ephemeral disks."""

from oslo_config import cfg

ephemeral_storage_encryption_group = cfg.OptGroup(
    'ephemeral_storage_encryption',
    title='Ephemeral storage encryption options')

ephemeral_storage_encryption_opts = [
    cfg.BoolOpt('enabled', default=False,
                help="Encrypt ephemeral disks (LVM backend only)."),
    cfg.StrOpt('cipher', default='aes-xts-plain64',
               help="dm-crypt cipher (see ``cryptsetup --help``)."),
    cfg.IntOpt('key_size', default=512, min=1,
               help="Encryption key length in bits (XTS halves it)."),
]


def register_opts(conf):
    conf.register_group(ephemeral_storage_encryption_group)
    conf.register_opts(ephemeral_storage_encryption_opts,
                       group=ephemeral_storage_encryption_group)


def list_opts():
    return {ephemeral_storage_encryption_group:
            ephemeral_storage_encryption_opts}
