"""The framework under every Compute API resource: versions, requests,
faults, dispatch and paging helpers."""
