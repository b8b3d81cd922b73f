"""Extensions loaded by the Rasa server: graph components, tracker store, channels.

Importing this package masks personal data in every log record of the Rasa
server (:func:`bot.logredact.install`). Rasa imports it while it loads
``endpoints.yml`` and ``config.yml``, before the first message arrives. This
is the safety net for when ``logging.yml`` could not import ``bot.logredact``
(Rasa applies that file before the project directory is on ``sys.path``).
"""

from bot import logredact

logredact.install()
from rasa_ext import action_payload  # noqa: E402,F401 - smaller action requests, validator compiled once
from rasa_ext import action_client  # noqa: E402,F401 - installs itself: 112 never waits on the action server
from rasa_ext import typed_commands  # noqa: E402,F401 - "/session_start" typed gets an answer
from rasa_ext import event_lookup  # noqa: E402,F401 - stored events resolved from a table, not a class walk
from rasa_ext import startup_checks  # noqa: E402,F401  (a broken tracker store or SANIC_WORKERS stops the start)
