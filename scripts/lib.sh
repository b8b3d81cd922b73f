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

# --- runtime settings for speed and memory (issue 8; figures: ./scripts/bench) -----------
# TensorFlow's inter-op thread pool defaults to one thread per core; on a small machine those
# threads compete with the Rasa server's event loop and the action server. One inter-op
# thread: c=10 throughput 32 -> 42-45 msg/s in interleaved runs on 2 shared cores, same memory.
# Intra-op threads (inside one matrix product) stay at TensorFlow's default. Training is not
# slower with it (rasa train 218 s with, 241 s without, same busy machine).
# Tried and left out: MALLOC_ARENA_MAX=2 (Rasa 992 vs 995 MB, the action server 10 MB more),
# OMP_NUM_THREADS=1 (no gain on top). Set a variable yourself to override.
export TF_INTER_OP_PARALLELISM_THREADS="${TF_INTER_OP_PARALLELISM_THREADS:-1}"
# --- end of runtime settings --------------------------------------------------------------
