#!/usr/bin/env bash
# `make bench`: the load benchmark (bench/run.py; method and results in docs/PERFORMANCE.md).
# Usage: bench/run.sh [--scale10] [--quick] [--duration S] ...   (or BENCH_SCALE10=1)
# Installs wrk from Debian if it is missing (as root), then runs the Python driver. The
# driver stops everything it starts; this trap is the second line of defence, should the
# driver itself be killed: it stops the gunicorn whose process group it left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

PIDFILE=bench/results/gunicorn.pid.tmp
cleanup() {
  if [[ -s $PIDFILE ]]; then
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      echo "bench/run.sh: stopping gunicorn (process group $pid)" >&2
      kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "== Installing wrk from Debian"
    apt-get update -qq
    apt-get install -y -qq wrk
  else
    echo "wrk is needed: sudo apt-get install -y wrk" >&2
    exit 1
  fi
fi

BENCH_PYTHON=${BENCH_PYTHON:-.venv/bin/python}
"$BENCH_PYTHON" -m bench.run "$@"
