"""Pieces shared by the schemas."""

UUID = {'type': 'string', 'format': 'uuid'}
RESOURCE_CLASS = {'type': 'string', 'pattern': '^[A-Z0-9_]+$',
                  'maxLength': 255}
CUSTOM_RESOURCE_CLASS = {'type': 'string', 'pattern': '^CUSTOM_[A-Z0-9_]+$',
                         'maxLength': 255}
GENERATION = {'type': 'integer', 'minimum': 0}
# Query-string filter "rc:amount,rc:amount" (parsed by the handler).
RESOURCES_QUERY = {'type': 'string', 'minLength': 1}
