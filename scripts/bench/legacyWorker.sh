#!/usr/bin/env bash
# Makes mediasoup 3.12.16 (its node library and its worker, built from Debian's libraries with the
# stand-ins in legacy-worker/) available to `npm run bench`, which compares the current worker's CPU per
# delivered Mbit/s with the one the product ran before. Cached beside the current worker; prints the
# directory holding node_modules/mediasoup and mediasoup-worker. About 5 minutes the first time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache_dir=${VWINDOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/virtual-window}
dir=$cache_dir/bench/mediasoup-3.12.16
say() { printf '[bench] %s\n' "$*" >&2; }

if [[ ! -f $dir/node_modules/mediasoup/package.json ]]; then
  say "installing mediasoup 3.12.16's node library into $dir (no install scripts)"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error mediasoup@3.12.16 >&2
fi
if [[ ! -x $dir/mediasoup-worker ]]; then
  missing=()
  for p in libusrsctp-dev nlohmann-json3-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    [[ $(id -u) -eq 0 ]] || { say "run as root: apt-get install -y ${missing[*]}"; exit 1; }
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  say "building mediasoup 3.12.16's worker (the bench's comparison)"
  bash "$root/scripts/worker/build.sh" "$dir/node_modules/mediasoup" "$dir/mediasoup-worker" "$root/scripts/bench/legacy-worker" >&2
fi
echo "$dir"
