"""nova: OpenStack Compute.

Every daemon is its own OS process; they talk over AMQP (oslo.messaging) and
keep state in the API database (``nova_api``) and the cell databases
(``nova`` for cell1, ``nova_cell0``).  See doc/source/architecture.rst.
"""

import warnings

# oslo.messaging imports oslo.service, which imports eventlet (never used
# here: nova runs on native threads) and eventlet warns on import.
warnings.filterwarnings('ignore', message=r'(?s).*Eventlet is deprecated')
# eventlet imports dnspython, whose DNSSEC module (2.x with cryptography 46
# and later) warns that DSA is deprecated: nothing here signs DNS records.
warnings.filterwarnings('ignore', message=r'DSA is deprecated',
                        module=r'dns\.')
