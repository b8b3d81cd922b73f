#!/bin/sh
# Starts the Rasa server in the container the way scripts/start does on a machine:
# the browser origins for CORS and socket.io come from SIGNAALROUTE_ALLOWED_ORIGINS
# (checked by bot.settings: never "*"). Kubernetes mounts its endpoints.yml and credentials.yml
# elsewhere and names them in SIGNAALROUTE_RASA_ENDPOINTS / _CREDENTIALS. Extra arguments go to `rasa run`.
set -eu
ORIGINS=$(python -m bot.settings origins) || {
  echo "SIGNAALROUTE_ALLOWED_ORIGINS klopt niet (zie docs/deploy.md)." >&2
  exit 1
}
# shellcheck disable=SC2086  # ORIGINS is a space-separated list: one argument each
exec rasa run --model /app/models/signaalroute.tar.gz --interface 0.0.0.0 --port "${SIGNAALROUTE_RASA_PORT:-5005}" \
  --credentials "${SIGNAALROUTE_RASA_CREDENTIALS:-/app/credentials.yml}" --endpoints "${SIGNAALROUTE_RASA_ENDPOINTS:-/app/endpoints.yml}" \
  --logging-config-file /app/logging.yml --cors $ORIGINS "$@"
