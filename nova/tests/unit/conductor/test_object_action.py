"""What conductor sends back from ``object_action``: every field the
method changed (in place or by assignment), nested objects always, and
nothing the method left alone."""

from oslo_versionedobjects import fields

from nova.conductor import manager
from nova.objects import base


class _Child(base.NovaObject):
    VERSION = '1.0'
    fields = {'size': fields.IntegerField()}


class _Parent(base.NovaObject):
    VERSION = '1.0'
    fields = {
        'count': fields.IntegerField(),
        'name': fields.StringField(),
        'meta': fields.DictOfStringsField(),
        'tags': fields.ListOfStringsField(),
        'hosts': fields.ListOfStringsField(),
        'child': fields.ObjectField('_Child'),
        'unset_before': fields.IntegerField(),
    }

    def work(self, grow):
        """Changes done the ways a remotable method does them."""
        self.count += grow                  # assignment
        self.meta['touched'] = 'yes'        # a container, in place
        self.hosts.append('h2')             # another, in place
        self.child.size = 99                # a nested object, in place
        self.unset_before = 1               # a field set for the first time
        self.obj_reset_changes(recursive=True)
        return 'done'


def _register():
    registry = base.NovaObjectRegistry
    registry.register_if(False)(_Child)
    registry.register_if(False)(_Parent)


def test_changed_fields_come_back_and_unchanged_do_not():
    _register()
    parent = _Parent(count=1, name='same', meta={'a': 'b'}, tags=['x'],
                     hosts=['h1'], child=_Child(size=1))
    conductor = manager.ConductorManager.__new__(manager.ConductorManager)
    updates, result = conductor.object_action(None, parent, 'work', (2,),
                                              {})
    assert result == 'done'
    assert updates['count'] == 3
    assert updates['meta'] == {'a': 'b', 'touched': 'yes'}
    assert updates['hosts'] == ['h1', 'h2']
    assert updates['unset_before'] == 1
    assert updates['child']['nova_object.data'] == {'size': 99}
    assert 'name' not in updates and 'tags' not in updates
    assert updates['obj_what_changed'] == set()
