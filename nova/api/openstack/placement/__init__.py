"""The Placement API (``nova-placement-api``), microversions 1.0 to 1.10.

Two hops to any behaviour: :mod:`.handler` (the route table) names a plain
function in :mod:`.handlers`; the data logic it calls lives in
:mod:`.objects`, request contracts in :mod:`.schemas`.  :mod:`.deploy`
composes the WSGI middleware in code.
"""
