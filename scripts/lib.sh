# Shared helpers for scripts/setup, start and test (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PYTHONDONTWRITEBYTECODE=1
export TF_CPP_MIN_LOG_LEVEL=3
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS="ignore::DeprecationWarning"
# Rasa sends usage data to Rasa Inc. unless told not to; the project sends nothing anywhere
# (the cluster and the images set the same).
export RASA_TELEMETRY_ENABLED=false

step() { printf '\n[%s] %s\n' "$1" "$2"; }
fail() { printf '\nFOUT: %s\n' "$1" >&2; exit 1; }

find_python310() {
  local candidate
  for candidate in "$(command -v python3.10 2>/dev/null || true)" "$HOME"/.pyenv/versions/3.10.*/bin/python /usr/bin/python3.10 /usr/local/bin/python3.10; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

port_free() {
  # Something answering on the port means it is taken.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
