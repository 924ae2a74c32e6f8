"""Snapshot, backup and shelve.

The API made a queued image (in Glance when ``[glance] api_servers`` is
set); the driver fills it (``driver.snapshot``), moving the task state
through image_pending_upload and image_uploading.  When the upload fails
the queued image is deleted, so nobody waits for it to become active.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute.flows import base
from nova.compute import power_state
from nova.compute import task_states
from nova.compute import vm_states

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


_SHELVING_STEPS = {
    task_states.IMAGE_PENDING_UPLOAD:
        task_states.SHELVING_IMAGE_PENDING_UPLOAD,
    task_states.IMAGE_UPLOADING: task_states.SHELVING_IMAGE_UPLOADING,
}


class SnapshotFlow(base.FlowBase):

    def _upload(self, context, instance, image_id):
        start = instance.task_state
        shelving = start == task_states.SHELVING

        def update_task_state(task_state, expected_state=start):
            # A shelve shows the same steps under its own names.
            if shelving:
                task_state = _SHELVING_STEPS.get(task_state, task_state)
                expected_state = _SHELVING_STEPS.get(expected_state,
                                                     expected_state)
            instance.task_state = task_state
            instance.save(expected_task_state=expected_state)

        try:
            self.driver.snapshot(context, instance, image_id,
                                 update_task_state)
        except Exception:
            self._drop_image(context, image_id)
            raise
        instance.system_metadata = dict(instance.system_metadata or {},
                                        last_snapshot_image_id=image_id)

    @staticmethod
    def _drop_image(context, image_id):
        if not CONF.glance.api_servers:
            return
        from nova.image import glance
        try:
            client = glance.get_client()
            if client.show(context, image_id)['status'] != 'active':
                client.delete(context, image_id)
        except Exception as e:
            LOG.warning('Could not delete the unfinished image %s: %s',
                        image_id, e)

    def snapshot_instance(self, context, instance, image_id):
        self._image_action(context, instance, image_id, 'snapshot_instance',
                           [task_states.IMAGE_SNAPSHOT,
                            task_states.IMAGE_SNAPSHOT_PENDING,
                            task_states.IMAGE_PENDING_UPLOAD,
                            task_states.IMAGE_UPLOADING, None])

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._image_action(context, instance, image_id, 'backup_instance',
                           [task_states.IMAGE_BACKUP,
                            task_states.IMAGE_PENDING_UPLOAD,
                            task_states.IMAGE_UPLOADING, None])

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
                self._power_off(instance, clean_shutdown)
                if image_id:
                    self._upload(context, instance, image_id)
                instance.system_metadata = dict(
                    instance.system_metadata or {},
                    shelved_image_id=image_id or '',
                    shelved_host=self.host,
                    shelved_at=timeutils.utcnow().isoformat())
                self._finish(instance, vm_states.SHELVED,
                             [task_states.SHELVING,
                              task_states.SHELVING_IMAGE_PENDING_UPLOAD,
                              task_states.SHELVING_IMAGE_UPLOADING, None])
        except Exception as error:
            self._fail(context, instance, error)
            return
        if CONF.shelved_offload_time == 0:
            instance.task_state = task_states.SHELVING_OFFLOADING
            instance.save()
            self.shelve_offload_instance(context, instance)

    def offload_shelved_instances(self, context):
        """Offload this host's servers shelved for longer than
        ``shelved_offload_time`` seconds (the periodic task; 0 offloads
        at shelve time, -1 never)."""
        if CONF.shelved_offload_time <= 0:
            return
        from nova import objects
        now = timeutils.utcnow()
        for instance in objects.InstanceList.get_by_host(
                context, self.host, expected_attrs=['system_metadata']):
            if (instance.vm_state != vm_states.SHELVED or
                    instance.task_state is not None):
                continue
            shelved_at = (instance.system_metadata or {}).get('shelved_at')
            if shelved_at and (now - timeutils.parse_isotime(
                    shelved_at).replace(tzinfo=None)).total_seconds() < \
                    CONF.shelved_offload_time:
                continue
            instance.task_state = task_states.SHELVING_OFFLOADING
            try:
                instance.save(expected_task_state=[None])
            except Exception as e:
                LOG.debug('Offload of %s skipped: %s', instance.uuid, e)
                continue
            LOG.info('Offloading %s, shelved since %s', instance.uuid,
                     shelved_at)
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
