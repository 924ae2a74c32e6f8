"""nova-compute's task flows, one module per family of operations.

Each module holds a mixin of RPC methods; ``nova.compute.manager.
ComputeManager`` is those mixins plus the wiring (driver, resource
tracker, clients).  ``base`` holds what the flows share.
"""
