"""Request ids: ``x-openstack-request-id`` plus nova's older
``x-compute-request-id``, both on every response."""

from oslo_middleware import request_id

HEADER = request_id.HTTP_RESP_HEADER_REQUEST_ID
COMPUTE_HEADER = 'x-compute-request-id'
ENV_REQUEST_ID = request_id.ENV_REQUEST_ID


class RequestId(request_id.RequestId):
    compat_headers = [COMPUTE_HEADER]
