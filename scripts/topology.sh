#!/usr/bin/env bash
# Start the many-machine topology on this machine for trying it by hand: Debian's redis-server and
# PostgreSQL (throwaway, own ports), two `voxpress serve` web nodes and two `voxpress worker`s over a
# shared folder. Ctrl-C stops and removes everything. Needs: apt-get install redis-server postgresql;
# pip install '.[distributed]'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}" exec "$python" "$root/tests/topology.py"
