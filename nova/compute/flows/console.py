"""Console output and access, diagnostics, external events."""

from oslo_log import log as logging

from nova import exception

LOG = logging.getLogger(__name__)


class ConsoleFlow(object):

    @staticmethod
    def _tail(output, tail_length):
        if tail_length is None:
            return output
        lines = output.splitlines()
        return '\n'.join(lines[-int(tail_length):]) + '\n' \
            if int(tail_length) else ''

    def get_console_output(self, context, instance, tail_length=None):
        return self._tail(self.driver.get_console_output(context, instance),
                          tail_length)

    def get_vnc_console(self, context, instance, console_type):
        return self.driver.get_vnc_console(context, instance)

    def get_spice_console(self, context, instance, console_type):
        return self.driver.get_spice_console(context, instance)

    def get_diagnostics(self, context, instance):
        try:
            return self.driver.get_diagnostics(instance)
        except NotImplementedError:
            raise exception.NovaException(
                'The %s driver does not report diagnostics'
                % self.driver.__class__.__name__)

    def get_host_uptime(self, context):
        """The hypervisor host's uptime, as the driver reports it."""
        try:
            return self.driver.get_host_uptime()
        except NotImplementedError:
            raise exception.NotImplementedYet(
                what='Uptime of the %s driver' %
                self.driver.__class__.__name__)

    def external_instance_event(self, context, instances, events):
        for event in events or []:
            name = (event.get('name') if isinstance(event, dict)
                    else getattr(event, 'name', None))
            uuid = (event.get('instance_uuid') if isinstance(event, dict)
                    else getattr(event, 'instance_uuid', None))
            LOG.info('Received event %(name)s for instance %(uuid)s',
                     {'name': name, 'uuid': uuid})
