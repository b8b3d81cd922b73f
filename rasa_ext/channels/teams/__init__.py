"""Microsoft Teams channel: Rasa's Bot Framework connector made fit for real use.

What differs from ``rasa.core.channels.botframework``:

* The token URL and the OpenID metadata URL are configurable, and nothing is
  fetched at start-up: signing keys are fetched on the first request, cached for a
  day and fetched again when a token names a key we do not know (key rollover).
* Inbound JWTs are validated fully: RS256 signature, ``aud`` (our app id), ``iss``,
  ``exp``/``nbf`` with a small leeway, the key's channel endorsements and the
  ``serviceurl`` claim against the activity, so a forged ``serviceUrl`` cannot make
  the bot post (and fetch a token for) an address of the sender's choosing.
* Buttons become an Adaptive Card; a click arrives with empty ``text`` and the
  payload in ``value`` (RasaHQ/rasa#8164, #11411) and is mapped back to the payload.
* ``contact_card`` messages (docs/contracts.md, "Bot messages") become a readable
  card with ``tel:`` and ``mailto:`` links.
* The Teams user id never reaches the tracker: the sender id is a keyed hash.
* All HTTP is asynchronous, so a slow Microsoft endpoint does not block the server.

credentials.yml (every key optional; secrets only from environment variables)::

    rasa_ext.channels.teams.TeamsInput:
      app_id: ...                 # default: $SIGNAALROUTE_TEAMS_APP_ID
      token_url: ...              # default: $SIGNAALROUTE_TEAMS_TOKEN_URL or Microsoft's
      openid_metadata_url: ...    # default: $SIGNAALROUTE_TEAMS_OPENID_URL or Microsoft's
      issuer: ...                 # default: $SIGNAALROUTE_TEAMS_ISSUER or https://api.botframework.com
      allowed_tenants: [...]      # default: $SIGNAALROUTE_TEAMS_TENANT_IDS (comma separated); empty = any

The app password is read only from ``SIGNAALROUTE_TEAMS_APP_PASSWORD``. The
messaging endpoint is ``https://<host>/webhooks/teams/webhook``. Empty, over-long and
unanswered messages follow the rules every channel shares (``rasa_ext.channels.common``).

One module per job: ``settings`` (configuration), ``http`` (the shared HTTP session),
``auth`` (inbound JWT and activity checks), ``activity`` (reading an activity),
``cards`` (Adaptive Cards), ``output`` (reply tokens and sending), ``channel`` (the
webhook that ties them together).
"""

from rasa_ext.channels.teams.channel import TeamsInput, WebhookResult
from rasa_ext.channels.teams.settings import TeamsSettings

__all__ = ["TeamsInput", "TeamsSettings", "WebhookResult"]
