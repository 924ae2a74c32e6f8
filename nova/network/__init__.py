"""Networking for servers: the facade every caller uses (:mod:`.api`) and
the network information model kept in ``instance_info_caches``
(:mod:`.model`)."""
