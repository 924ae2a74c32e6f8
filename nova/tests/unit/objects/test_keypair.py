"""KeyPair and KeyPairList on the SQLite API database."""

import pytest

from nova import exception
from nova.objects import keypair
from nova.tests.unit.objects.test_instance import ctxt, db, make_flavor, make_instance, template_dbs  # noqa: F401


def _kp(ctxt, name, user='u1', **kw):
    kp = keypair.KeyPair(ctxt, name=name, user_id=user, fingerprint='fp',
                         public_key='ssh-rsa AAA', **kw)
    kp.create()
    return kp


def test_keypairs(ctxt):
    first = _kp(ctxt, 'b')
    assert first.type == 'ssh' and first.id
    _kp(ctxt, 'a', type='x509')
    _kp(ctxt, 'c')
    _kp(ctxt, 'a', user='u2')
    with pytest.raises(exception.KeyPairExists):
        _kp(ctxt, 'a')
    got = keypair.KeyPair.get_by_name(ctxt, 'u1', 'a')
    assert got.type == 'x509'
    List = keypair.KeyPairList
    assert [k.name for k in List.get_by_user(ctxt, 'u1')] == ['a', 'b', 'c']
    assert [k.name for k in List.get_by_user(ctxt, 'u1', limit=1,
                                             marker='a')] == ['b']
    with pytest.raises(exception.MarkerNotFound):
        List.get_by_user(ctxt, 'u1', marker='zz')
    assert List.get_count_by_user(ctxt, 'u1') == 3
    keypair.KeyPair.destroy_by_name(ctxt, 'u1', 'a')
    with pytest.raises(exception.KeypairNotFound):
        keypair.KeyPair.destroy_by_name(ctxt, 'u1', 'a')
    first.destroy()
    assert List.get_count_by_user(ctxt, 'u1') == 1
