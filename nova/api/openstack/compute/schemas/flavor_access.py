"""Request bodies of the addTenantAccess/removeTenantAccess actions."""

from nova.api.validation import parameter_types as types


def _action(name):
    return {
        'type': 'object',
        'properties': {
            name: {
                'type': 'object',
                'properties': {'tenant': types.tenant_id},
                'required': ['tenant'],
                'additionalProperties': False,
            },
        },
        'required': [name],
        'additionalProperties': False,
    }


add_tenant_access = _action('addTenantAccess')
remove_tenant_access = _action('removeTenantAccess')
