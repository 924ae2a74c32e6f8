"""nova's versioned objects.

``register_all()`` imports every object module so the registry (and the
``nova.objects.<Name>`` attributes) is complete; every service calls it at
start-up before it receives RPC.
"""


def register_all():
    # Import each object module here; keep the list sorted.
    __import__('nova.objects.aggregate')
    __import__('nova.objects.build_request')
    __import__('nova.objects.cell_mapping')
    __import__('nova.objects.compute_node')
    __import__('nova.objects.flavor')
    __import__('nova.objects.host_mapping')
    __import__('nova.objects.instance')
    __import__('nova.objects.instance_action')
    __import__('nova.objects.instance_fault')
    __import__('nova.objects.instance_group')
    __import__('nova.objects.instance_info_cache')
    __import__('nova.objects.instance_mapping')
    __import__('nova.objects.keypair')
    __import__('nova.objects.migration')
    __import__('nova.objects.quotas')
    __import__('nova.objects.request_spec')
    __import__('nova.objects.service')
    __import__('nova.objects.tag')
