"""The encrypted admin password of a server:
``GET|DELETE /servers/{server_id}/os-server-password``.

The guest posts its password, encrypted with the server's key pair, to
the metadata service, which stores it in the server's system_metadata as
up to four 255-character chunks ``password_0`` .. ``password_3`` (the
column holds 255 characters).  GET joins them ("" when none); DELETE
blanks them, so the password can be posted again.
"""

from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.policies import server_password as policies

CHUNKS = 4
CHUNK_LENGTH = 255


def _instance(req, server_id):
    instance = servers.get_server(req, server_id, ['system_metadata'])
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    return instance


def extract_password(instance):
    sys_meta = instance.system_metadata or {}
    return ''.join(sys_meta.get('password_%d' % i) or ''
                   for i in range(CHUNKS))


def password_chunks(password):
    """{password_N: chunk} for ``password`` (None or "": all blank)."""
    password = password or ''
    return {'password_%d' % i:
            password[i * CHUNK_LENGTH:(i + 1) * CHUNK_LENGTH]
            for i in range(CHUNKS)}


@wsgi.expected_errors(404)
def index(req, server_id):
    return {'password': extract_password(_instance(req, server_id))}


@wsgi.response(204)
@wsgi.expected_errors((404, 409))
def clear(req, server_id):
    instance = _instance(req, server_id)
    if not instance.obj_attr_is_set('id'):
        # Still being scheduled: no password can have been posted yet.
        return
    sys_meta = dict(instance.system_metadata or {})
    sys_meta.update(password_chunks(None))
    instance.system_metadata = sys_meta
    instance.save()
