"""Resource classes: the standard ones are fixed in code (ids below
10000), custom ones (``CUSTOM_*``) live in the resource_classes table with
ids from 10000 up."""

import re

import sqlalchemy as sa

from nova.api.openstack.placement import exception
from nova.api.openstack.placement.objects.tables import INV, ALLOC, RC
from nova.db import engine
from nova import exception as nova_exception

# Order matters: a standard class's id is its index here.
STANDARD = (
    'VCPU',
    'MEMORY_MB',
    'DISK_GB',
    'PCI_DEVICE',
    'SRIOV_NET_VF',
    'NUMA_SOCKET',
    'NUMA_CORE',
    'NUMA_THREAD',
    'NUMA_MEMORY_MB',
    'IPV4_ADDRESS',
    'VGPU',
    'VGPU_DISPLAY_HEAD',
)
STANDARD_IDS = {name: index for index, name in enumerate(STANDARD)}
CUSTOM_PREFIX = 'CUSTOM_'
CUSTOM_ID_START = 10000
CUSTOM_NAME_RE = re.compile(r'^CUSTOM_[A-Z0-9_]+$')
# Any class name a request may mention (standard or custom).
NAME_PATTERN = r'^[A-Z0-9_]+$'


def is_standard(name):
    return name in STANDARD_IDS


def ids_of(session, names):
    """name -> id for ``names``; raises ResourceClassNotFound for the first
    unknown one."""
    names = set(names)
    found = {n: STANDARD_IDS[n] for n in names if n in STANDARD_IDS}
    custom = names - set(found)
    if custom:
        rows = session.execute(
            sa.select(RC.c.name, RC.c.id).where(RC.c.name.in_(custom)))
        found.update({name: id_ for name, id_ in rows})
    missing = sorted(names - set(found))
    if missing:
        raise exception.ResourceClassNotFound(name=missing[0])
    return found


def id_of(session, name):
    return ids_of(session, [name])[name]


def names_by_id(session):
    """id -> name of every class, standard and custom."""
    result = dict(enumerate(STANDARD))
    result.update(session.execute(sa.select(RC.c.id, RC.c.name)).all())
    return result


def list_names(session):
    custom = session.execute(sa.select(RC.c.name).order_by(RC.c.id))
    return list(STANDARD) + [name for (name,) in custom]


def exists(session, name):
    try:
        id_of(session, name)
    except exception.ResourceClassNotFound:
        return False
    return True


def create(name):
    """Add custom class ``name`` (own transaction; retried if two creators
    pick the same id)."""
    if is_standard(name):
        raise exception.ResourceClassExists(name=name)
    for _attempt in range(5):
        try:
            with engine.api_session() as session:
                if exists(session, name):
                    raise exception.ResourceClassExists(name=name)
                top = session.execute(sa.select(sa.func.max(RC.c.id))).scalar()
                next_id = max(top or 0, CUSTOM_ID_START - 1) + 1
                session.execute(RC.insert().values(id=next_id, name=name))
            return
        except nova_exception.DBDuplicateEntry:
            with engine.api_session() as session:
                if exists(session, name):
                    raise exception.ResourceClassExists(name=name)
    raise exception.ResourceClassExists(name=name)


def ensure(name):
    """Create ``name`` unless it exists; True if it was created."""
    with engine.api_session() as session:
        if exists(session, name):
            return False
    try:
        create(name)
    except exception.ResourceClassExists:
        return False
    return True


def rename(session, name, new_name):
    if is_standard(name):
        raise exception.StandardResourceClass(action='update', name=name)
    class_id = id_of(session, name)
    if exists(session, new_name):
        raise exception.ResourceClassExists(name=new_name)
    session.execute(RC.update().where(RC.c.id == class_id)
                    .values(name=new_name))


def delete(session, name):
    if is_standard(name):
        raise exception.StandardResourceClass(action='delete', name=name)
    class_id = id_of(session, name)
    in_use = session.execute(
        sa.select(INV.c.id).where(INV.c.resource_class_id == class_id)
        .limit(1)).first()
    if in_use is None:
        in_use = session.execute(
            sa.select(ALLOC.c.id).where(ALLOC.c.resource_class_id == class_id)
            .limit(1)).first()
    if in_use is not None:
        raise exception.ResourceClassInUse(name=name)
    session.execute(RC.delete().where(RC.c.id == class_id))
