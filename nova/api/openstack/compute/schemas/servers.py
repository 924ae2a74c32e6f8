"""Request bodies of /servers and of the server actions, by version."""

import copy

from nova.api.validation import parameter_types as types

_uuid = {'type': 'string', 'format': 'uuid'}
_description = {'type': ['string', 'null'], 'minLength': 0,
                'maxLength': 255, 'pattern': r'^[^\x00-\x08\x0b-\x1f]*$'}
_ipv4 = {'type': 'string', 'format': 'ipv4'}
_ipv6 = {'type': 'string', 'format': 'ipv6'}
_access_ipv4 = {'oneOf': [_ipv4, {'type': 'string', 'enum': ['']}]}
_access_ipv6 = {'oneOf': [_ipv6, {'type': 'string', 'enum': ['']}]}
_disk_config = {'type': 'string', 'enum': ['AUTO', 'MANUAL']}
_tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
        'pattern': '^[^,/]*$'}
_image_ref = {'type': 'string'}
_flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}
_admin_password = {'type': 'string'}
_count = dict(types.positive_integer)

_network = {
    'type': 'object',
    'properties': {
        'fixed_ip': {'type': 'string',
                     'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]},
        'port': {'oneOf': [_uuid, {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}
_networks = {'type': 'array', 'items': _network}

_bdm_v2 = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'image_id': _uuid,
        'destination_type': {'type': 'string',
                             'enum': ['local', 'volume']},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        'volume_size': {'type': ['integer', 'string', 'null']},
        'delete_on_termination': types.boolean,
        'device_name': {'type': 'string', 'maxLength': 255},
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
    },
    'additionalProperties': False,
}

_server_properties = {
    'name': types.name,
    'imageRef': _image_ref,
    'flavorRef': _flavor_ref,
    'adminPass': _admin_password,
    'metadata': types.metadata,
    'networks': _networks,
    'OS-DCF:diskConfig': _disk_config,
    'accessIPv4': _access_ipv4,
    'accessIPv6': _access_ipv6,
    'availability_zone': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
    'block_device_mapping_v2': {'type': 'array', 'items': _bdm_v2},
    'config_drive': types.boolean,
    'key_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'min_count': _count,
    'max_count': _count,
    'return_reservation_id': types.boolean,
    'security_groups': {
        'type': 'array',
        'items': {'type': 'object',
                  'properties': {'name': {'type': 'string', 'minLength': 1,
                                          'maxLength': 255}},
                  'additionalProperties': False}},
    'user_data': {'type': 'string', 'format': 'base64', 'maxLength': 65535},
}

_hints = {
    'type': 'object',
    'properties': {
        'group': _uuid,
        'different_host': {'oneOf': [_uuid,
                                     {'type': 'array', 'items': _uuid}]},
        'same_host': {'oneOf': [_uuid, {'type': 'array', 'items': _uuid}]},
        'query': {'type': ['string', 'object']},
        'target_cell': {'type': 'string'},
        'different_cell': {'type': ['string', 'array']},
        'build_near_host_ip': {'type': 'string'},
        'cidr': {'type': 'string'},
    },
    'additionalProperties': True,
}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': _server_properties,
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': _hints,
        'OS-SCH-HNT:scheduler_hints': _hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}

create_v219 = copy.deepcopy(create)
create_v219['properties']['server']['properties']['description'] = (
    _description)

# 2.37: networks is required: 'auto', 'none' or a list.
create_v237 = copy.deepcopy(create_v219)
create_v237['properties']['server']['properties']['networks'] = {
    'oneOf': [_networks, {'type': 'string', 'enum': ['none', 'auto']}]}
create_v237['properties']['server']['required'].append('networks')

create_v252 = copy.deepcopy(create_v237)
create_v252['properties']['server']['properties']['tags'] = {
    'type': 'array', 'items': _tag, 'maxItems': 50}

# /v2: names may have surrounding spaces.
create_v20 = copy.deepcopy(create)
create_v20['properties']['server']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)

update = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'OS-DCF:diskConfig': _disk_config,
                'accessIPv4': _access_ipv4,
                'accessIPv6': _access_ipv6,
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}

update_v219 = copy.deepcopy(update)
update_v219['properties']['server']['properties']['description'] = (
    _description)

update_v20 = copy.deepcopy(update)
update_v20['properties']['server']['properties']['name'] = (
    types.name_with_leading_trailing_spaces)

# --- actions ------------------------------------------------------------------


def _action(name, properties=None, required=None, nullable=False):
    """{name: {properties...}} (or null when ``nullable``)."""
    inner = {'type': 'object', 'properties': properties or {},
             'additionalProperties': False}
    if required:
        inner['required'] = required
    if nullable:
        inner = {'oneOf': [inner, {'type': 'null'}]}
    return {'type': 'object', 'properties': {name: inner},
            'required': [name], 'additionalProperties': False}


reboot = _action('reboot', {
    'type': {'type': 'string',
             'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']}},
    ['type'])

resize = _action('resize', {'flavorRef': _flavor_ref,
                            'OS-DCF:diskConfig': _disk_config},
                 ['flavorRef'])

_rebuild_props = {
    'name': types.name,
    'imageRef': _image_ref,
    'adminPass': _admin_password,
    'metadata': types.metadata,
    'preserve_ephemeral': types.boolean,
    'OS-DCF:diskConfig': _disk_config,
    'accessIPv4': _access_ipv4,
    'accessIPv6': _access_ipv6,
    'personality': {'type': 'array'},
}
rebuild = _action('rebuild', _rebuild_props, ['imageRef'])
rebuild_v219 = _action('rebuild', dict(_rebuild_props,
                                       description=_description),
                       ['imageRef'])

create_image = _action('createImage', {'name': types.name,
                                       'metadata': types.metadata},
                       ['name'])

create_backup = _action('createBackup', {
    'name': types.name,
    'backup_type': {'type': 'string'},
    'rotation': types.non_negative_integer,
    'metadata': types.metadata,
}, ['name', 'backup_type', 'rotation'])

rescue = _action('rescue', {'adminPass': _admin_password,
                            'rescue_image_ref': _uuid}, nullable=True)

change_password = _action('changePassword', {'adminPass': _admin_password},
                          ['adminPass'])

console_output = _action('os-getConsoleOutput', {
    'length': {'type': ['integer', 'string', 'null'],
               'pattern': '^-?[0-9]+$', 'minimum': -1}}, nullable=True)

reset_state = _action('os-resetState', {
    'state': {'type': 'string', 'enum': ['active', 'error']}}, ['state'])

migrate_live = _action('os-migrateLive', {
    'block_migration': types.boolean,
    'disk_over_commit': types.boolean,
    'host': {'type': ['string', 'null'], 'minLength': 1,
             'maxLength': 255}}, ['block_migration', 'disk_over_commit',
                                  'host'])
migrate_live_v225 = _action('os-migrateLive', {
    'block_migration': {'oneOf': [types.boolean,
                                  {'type': 'string', 'enum': ['auto']}]},
    'host': {'type': ['string', 'null'], 'minLength': 1,
             'maxLength': 255}}, ['block_migration', 'host'])
migrate_live_v230 = copy.deepcopy(migrate_live_v225)
migrate_live_v230['properties']['os-migrateLive']['properties']['force'] = (
    types.boolean)

evacuate = _action('evacuate', {
    'host': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'onSharedStorage': types.boolean,
    'adminPass': _admin_password}, ['onSharedStorage'])
evacuate_v214 = _action('evacuate', {
    'host': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'adminPass': _admin_password})
evacuate_v229 = copy.deepcopy(evacuate_v214)
evacuate_v229['properties']['evacuate']['properties']['force'] = (
    types.boolean)

_sg_name = {'name': {'type': 'string', 'minLength': 1, 'maxLength': 255}}
add_security_group = _action('addSecurityGroup', _sg_name, ['name'])
remove_security_group = _action('removeSecurityGroup', _sg_name, ['name'])

_console = {
    'type': {'type': 'string'},
}
get_vnc_console = _action('os-getVNCConsole', {
    'type': {'type': 'string', 'enum': ['novnc', 'xvpvnc']}}, ['type'])
get_spice_console = _action('os-getSPICEConsole', {
    'type': {'type': 'string', 'enum': ['spice-html5']}}, ['type'])

remote_console = {
    'type': 'object',
    'properties': {
        'remote_console': {
            'type': 'object',
            'properties': {
                'protocol': {'type': 'string',
                             'enum': ['vnc', 'spice', 'rdp', 'serial']},
                'type': {'type': 'string',
                         'enum': ['novnc', 'xvpvnc', 'rdp-html5',
                                  'spice-html5', 'serial']},
            },
            'required': ['protocol', 'type'],
            'additionalProperties': False,
        },
    },
    'required': ['remote_console'],
    'additionalProperties': False,
}

# Actions whose body is {name: null} (or {}).
def null_action(name):
    return {'type': 'object',
            'properties': {name: {'type': ['object', 'null']}},
            'required': [name], 'additionalProperties': False}


stop = null_action('os-stop')
trigger_crash_dump = {
    'type': 'object',
    'properties': {'trigger_crash_dump': {'type': 'null'}},
    'required': ['trigger_crash_dump'], 'additionalProperties': False}
start = null_action('os-start')

shelve_unshelve = None  # bodies are free-form null/{} for these
