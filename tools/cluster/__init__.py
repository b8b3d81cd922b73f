"""The production-shaped stack on one machine: ``SIGNAALROUTE_INSTANCES=N ./scripts/start``.

Starts under :mod:`tools.supervise` (each part restarted when it exits or hangs):

* PostgreSQL (loopback, password auth): the tracker store *and* the workspace database;
* Redis (loopback, password, nothing written to disk): the conversation locks
  (:mod:`rasa_ext.lock_store`), the socket.io rooms of all Rasa servers, shared rate limits;
* N Rasa servers and N action servers on internal loopback ports, one worker each;
* the workspace;
* HAProxy on the public ports: chat (``SIGNAALROUTE_RASA_PORT``, 5005) with sticky sessions
  for ``/socket.io`` and round robin for REST and Teams, the workspace
  (``SIGNAALROUTE_API_PORT``, 8000), and an internal port through which the Rasa servers reach
  the action servers, so one dead action server does not break its Rasa server.

Everything it writes lives in one directory (``var/cluster`` or ``--dir``): ``endpoints.yml``
and ``haproxy.cfg`` generated from the repository's own files, the PostgreSQL data, the logs,
``secrets.json`` (0600) and ``cluster.json`` (ports, no secrets).

Usage: python -m tools.cluster [--instances N] [--dir DIR]

Modules: ``config`` (ports, secrets and the generated files), ``postgres`` (data directory,
roles, schemas), ``__main__`` (the supervised parts and the command line).
"""

from tools.cluster.config import Ports, endpoints_config, haproxy_config  # noqa: F401  (for tests and bench)
