"""Field types for nova objects (oslo.versionedobjects plus nova's own)."""

from oslo_versionedobjects import fields

# Re-export the oslo field types nova uses, so object modules import one
# place.
Field = fields.Field
FieldType = fields.FieldType
UnspecifiedDefault = fields.UnspecifiedDefault
BooleanField = fields.BooleanField
DateTimeField = fields.DateTimeField
DictOfNullableStringsField = fields.DictOfNullableStringsField
DictOfStringsField = fields.DictOfStringsField
DictOfIntegersField = fields.DictOfIntegersField
EnumField = fields.EnumField
FlexibleBooleanField = fields.FlexibleBooleanField
FloatField = fields.FloatField
IntegerField = fields.IntegerField
NonNegativeFloatField = fields.NonNegativeFloatField
NonNegativeIntegerField = fields.NonNegativeIntegerField
IPAddressField = fields.IPAddressField
IPV4AddressField = fields.IPV4AddressField
IPV6AddressField = fields.IPV6AddressField
ListOfDictOfNullableStringsField = fields.ListOfDictOfNullableStringsField
ListOfIntegersField = fields.ListOfIntegersField
ListOfObjectsField = fields.ListOfObjectsField
ListOfStringsField = fields.ListOfStringsField
ObjectField = fields.ObjectField
SetOfIntegersField = fields.SetOfIntegersField
StringField = fields.StringField
SensitiveStringField = fields.SensitiveStringField
UUIDField = fields.UUIDField
Enum = fields.Enum
BaseEnumField = fields.BaseEnumField
