"""Placement handlers: plain functions ``handler(req) -> response``, one
module per resource, each named in :mod:`..handler`'s route table."""
