"""Snapshot, backup and shelve.

There is no image service client yet: the fake driver records the image
id on its guest; any other driver's upload ends in a clear
ImageUploadNotSupported fault (HTTP 501 in the API).
"""

from oslo_log import log as logging

import nova.conf
from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class SnapshotFlow(base.FlowBase):

    def _upload(self, context, instance, image_id):
        if self.driver.__class__.__name__ != 'FakeDriver':
            raise exception.ImageUploadNotSupported(
                reason='no image service client for the %s driver'
                       % self.driver.__class__.__name__)
        self.driver.snapshot(context, instance, image_id,
                             lambda *a, **k: None)
        instance.system_metadata = dict(instance.system_metadata or {},
                                        last_snapshot_image_id=image_id)

    def snapshot_instance(self, context, instance, image_id):
        self._image_action(context, instance, image_id, 'snapshot_instance',
                           [task_states.IMAGE_SNAPSHOT,
                            task_states.IMAGE_SNAPSHOT_PENDING, None])

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._image_action(context, instance, image_id, 'backup_instance',
                           [task_states.IMAGE_BACKUP, None])

    def _image_action(self, context, instance, image_id, name, expected):
        try:
            with base.action_event(context, instance, name, self.host):
                self._upload(context, instance, image_id)
                instance.task_state = None
                instance.save(expected_task_state=expected)
        except Exception as error:
            self._fail(context, instance, error)

    def shelve_instance(self, context, instance, image_id=None,
                        clean_shutdown=True):
        try:
            with base.action_event(context, instance, 'shelve_instance',
                                   self.host):
                self.driver.power_off(instance)
                if image_id:
                    self._upload(context, instance, image_id)
                instance.system_metadata = dict(
                    instance.system_metadata or {},
                    shelved_image_id=image_id or '',
                    shelved_host=self.host)
                self._finish(instance, vm_states.SHELVED,
                             [task_states.SHELVING, None])
        except Exception as error:
            self._fail(context, instance, error)
            return
        if CONF.shelved_offload_time == 0:
            instance.task_state = task_states.SHELVING_OFFLOADING
            instance.save()
            self.shelve_offload_instance(context, instance)

    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        try:
            with base.action_event(context, instance,
                                   'shelve_offload_instance', self.host):
                self.driver.destroy(context, instance, [])
                self.rt.reportclient.delete_allocation_for_instance(
                    instance.uuid)
                self._finish(instance, vm_states.SHELVED_OFFLOADED,
                             [task_states.SHELVING_OFFLOADING, None],
                             power=False, power_state=power_state.SHUTDOWN,
                             host=None, node=None)
        except Exception as error:
            self._fail(context, instance, error)

    def unshelve_instance(self, context, instance, image=None,
                          filter_properties=None, node=None,
                          request_spec=None):
        node = node or self.driver.get_available_nodes()[0]
        try:
            with base.action_event(context, instance, 'unshelve_instance',
                                   self.host):
                if instance.vm_state == vm_states.SHELVED:
                    self.driver.power_on(context, instance, [])
                else:
                    instance.host = self.host
                    instance.node = node
                    instance.task_state = task_states.SPAWNING
                    instance.save()
                    with self.rt.instance_claim(context, instance, node):
                        self.driver.spawn(context, instance, image or {}, [],
                                          None, allocations=None,
                                          network_info=[])
                self._finish(instance, vm_states.ACTIVE,
                             [task_states.UNSHELVING, task_states.SPAWNING,
                              None])
        except Exception as error:
            if instance.vm_state != vm_states.SHELVED:
                self.rt.reportclient.delete_allocation_for_instance(
                    instance.uuid)
                self._fail(context, instance, error)
                instance.host = None
                instance.node = None
                instance.save()
            else:
                self._fail(context, instance, error)
