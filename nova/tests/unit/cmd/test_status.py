"""nova-status upgrade check against SQLite databases and a local HTTP
server standing in for the placement endpoint's version document."""

import http.server
import json
import threading

import pytest

from nova.cmd import status


def _unwrap(lines):
    """Undo textwrap: it also breaks after hyphens ('nova-' 'manage')."""
    text = ''
    for line in lines:
        text += line if (not text or text.endswith('-')) else ' ' + line
    return text


def _blocks(table_text):
    """{check name: (result, details)} parsed from the results table."""
    blocks = {}
    name = result = None
    details = []
    for line in table_text.splitlines():
        if not line.startswith('|'):
            if name:
                blocks[name] = (result, _unwrap(details))
            name, details = None, []
            continue
        text = line.strip('|').strip()
        if text.startswith('Check: '):
            name = text[len('Check: '):]
        elif text.startswith('Result: '):
            result = text[len('Result: '):]
        elif text.startswith('Details: '):
            details = [text[len('Details: '):]]
        elif name:
            details.append(text)
    return blocks


@pytest.fixture
def placement_server():
    """An HTTP server answering GET / with a placement version document."""
    state = {'max_version': '1.10', 'status': 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({'versions': [{
                'id': 'v1.0', 'min_version': '1.0',
                'max_version': state['max_version'], 'status': 'CURRENT',
                'links': []}]}).encode()
            self.send_response(state['status'])
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state['url'] = 'http://127.0.0.1:%d/' % server.server_address[1]
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _placement_conf(url):
    return ('[placement]\nauth_type = admin_token\nendpoint = %s\n'
            'token = admin\n' % url)


def test_fresh_install_fails_cells_check(deployment):
    deployment.migrate()
    result = deployment.status('upgrade', 'check')
    assert result.rc == 2
    lines = result.out.splitlines()
    assert lines[0].startswith('+---') and lines[0].endswith('+')
    assert lines[1].split('|')[1].strip() == 'Upgrade Check Results'
    blocks = _blocks(result.out)
    assert list(blocks) == ['Cells v2', 'Placement API',
                            'Resource Providers']
    assert blocks['Cells v2'] == (
        'Failure',
        "There needs to be at least two cell mappings, one for cell0 and "
        "one for your first cell. Run command 'nova-manage cell_v2 "
        "simple_cell_setup' and then retry.")
    assert blocks['Placement API'] == (
        'Failure', 'No credentials specified for placement API in '
        'nova.conf.')


def test_unreachable_placement_is_a_failure(deployment):
    deployment.setup_cells()
    deployment.write_conf(extra=_placement_conf('http://127.0.0.1:9/'))
    result = deployment.status('upgrade', 'check')
    assert result.rc == 2
    blocks = _blocks(result.out)
    assert blocks['Cells v2'][0] == 'Success'
    assert blocks['Cells v2'][1].startswith('No host mappings or compute '
                                            'nodes were found.')
    assert blocks['Placement API'][0] == 'Failure'
    assert 'does not seem to be running' in blocks['Placement API'][1]
    assert 'http://127.0.0.1:9/' in blocks['Placement API'][1]
    assert blocks['Resource Providers'][0] == 'Success'


def test_all_checks_pass(deployment, placement_server):
    deployment.setup_cells()
    deployment.write_conf(extra=_placement_conf(placement_server['url']))
    result = deployment.status('upgrade', 'check')
    assert result.rc == 0, result.out
    blocks = _blocks(result.out)
    assert blocks['Placement API'] == ('Success', 'None')
    assert [r for r, _d in blocks.values()] == ['Success'] * 3


def test_old_placement_version_fails(deployment, placement_server):
    placement_server['max_version'] = '1.4'
    deployment.setup_cells()
    deployment.write_conf(extra=_placement_conf(placement_server['url']))
    result = deployment.status('upgrade', 'check')
    assert result.rc == 2
    assert _blocks(result.out)['Placement API'] == (
        'Failure', 'Placement API version 1.10 needed, you have 1.4.')


def test_placement_404_means_not_running(deployment, placement_server):
    placement_server['status'] = 404
    deployment.setup_cells()
    deployment.write_conf(extra=_placement_conf(placement_server['url']))
    result = deployment.status('upgrade', 'check')
    assert _blocks(result.out)['Placement API'] == (
        'Failure', 'Placement API does not seem to be running.')


def test_unmapped_compute_nodes_fail_and_missing_providers_warn(
        deployment, placement_server):
    deployment.setup_cells()
    deployment.write_conf(extra=_placement_conf(placement_server['url']))
    deployment.add_compute_node('compute1')
    result = deployment.status('upgrade', 'check')
    assert result.rc == 2
    blocks = _blocks(result.out)
    assert blocks['Cells v2'][0] == 'Failure'
    assert blocks['Cells v2'][1].startswith('No host mappings found but '
                                            'there are compute nodes.')

    assert deployment.manage('cell_v2', 'discover_hosts').rc == 0
    result = deployment.status('upgrade', 'check')
    assert result.rc == 1
    blocks = _blocks(result.out)
    assert blocks['Cells v2'] == ('Success', 'None')
    assert blocks['Resource Providers'][0] == 'Warning'
    assert blocks['Resource Providers'][1].startswith(
        'There are no compute resource providers in the Placement service '
        'but there are 1 compute nodes in the deployment.')

    # One compute resource provider (VCPU inventory) for one node.
    deployment.execute(
        deployment.api_url,
        "INSERT INTO resource_providers (id, uuid, name, generation) "
        "VALUES (1, 'a1e5c3c2-0b6f-4a3e-9a43-4f8f8c1c2d3e', 'compute1', 0)")
    deployment.execute(
        deployment.api_url,
        "INSERT INTO inventories (resource_provider_id, resource_class_id, "
        "total, reserved, min_unit, max_unit, step_size, allocation_ratio, "
        "capacity) VALUES (1, 0, 4, 0, 1, 4, 1, 16.0, 64)")
    result = deployment.status('upgrade', 'check')
    assert result.rc == 0, result.out

    deployment.add_compute_node('compute2')
    deployment.manage('cell_v2', 'discover_hosts')
    result = deployment.status('upgrade', 'check')
    assert result.rc == 1
    assert _blocks(result.out)['Resource Providers'][1].startswith(
        'There are 1 compute resource providers and 2 compute nodes in the '
        'deployment.')


def test_internal_error_exit_code(deployment):
    # API database never synced: the checks themselves cannot run.
    result = deployment.status('upgrade', 'check')
    assert result.rc == status.INTERNAL_ERROR == 255
    assert result.out.startswith('Error: ')
    assert 'Traceback' not in result.out + result.err


def test_usage_errors(deployment):
    assert deployment.status('upgrade').rc == 2
    assert deployment.status('bogus').rc == 2
    result = deployment.status('--version')
    assert (result.rc, result.out.strip()) == (0, '17.0.0')
