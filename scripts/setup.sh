#!/usr/bin/env bash
# Makes this checkout ready to run (`setup.sh run`) or to test (`setup.sh test`), offline-capable:
# Debian packages through apt-get (as root), npm packages through the registry, the mediasoup worker
# built from Debian's libraries and cached outside the clone, and the web app built.
# Every step is skipped when its result is already there, so a second run takes seconds.
set -euo pipefail

mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
state_dir=node_modules/.vwindow
cache_dir=${VWINDOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/virtual-window}

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# Debian packages ---------------------------------------------------------------------------------
# mediasoup 3.27's worker: Debian's libuv, libsrtp2 (under a libsrtp 3 stand-in), abseil, OpenSSL and
# flatbuffers (headers and flatc of one release); see scripts/worker/.
worker_build_packages=(libuv1-dev libsrtp2-dev libabsl-dev libssl-dev libflatbuffers-dev flatbuffers-compiler
  meson ninja-build pkg-config g++ python3 make patch)
# Run time: openssl makes the local CA and certificates for HTTPS beyond loopback; coturn is the TURN
# relay (VWINDOW_TURN=embedded) and runs in the TURN integration test; ffmpeg records sessions
# (VWINDOW_RECORDING, WebM segments; ffprobe reads them back) and is the recording tests' media source.
run_packages=(openssl coturn ffmpeg)
# The tests between network hosts (tests/netns) make namespaces, veth links, shaping and firewalls.
# postgresql: the PostgreSQL store's tests (*.pg.test.ts) start their own server from its binaries in a
# temporary directory (db/src/testing/postgresServer.ts); the package's own cluster is not wanted.
test_packages=(chromium fonts-noto-cjk iproute2 iptables postgresql)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

apt_updated=
ensure_packages() {
  local missing
  missing=$(missing_packages "$@")
  [[ -z $missing ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages: ${missing}
  run as root:  apt-get update && apt-get install -y ${missing}
  then run this command again."
  fi
  if [[ -z $apt_updated ]]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  say "installing Debian packages: ${missing}"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Node ----------------------------------------------------------------------------------------------
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
[[ $node_ok == 1 ]] || die "node >= 20.19 is needed (found $(node --version))"

# npm packages --------------------------------------------------------------------------------------
# Install scripts are decided in package.json's allowScripts: better-sqlite3 compiles from its own
# sources, esbuild checks its binary, mediasoup's postinstall (which downloads) does not run.
# `npm install` rather than `npm ci`: the registry mirror serves only this platform's optional
# packages (rollup's others answer 404), so the lock cannot list them and `npm ci` refuses it;
# `npm install` keeps every locked version and leaves package-lock.json as it is.
npm_sum=$(cat package.json package-lock.json | sha256sum | cut -c1-64)
if [[ ! -f $state_dir/npm.sha256 || $(cat "$state_dir/npm.sha256") != "$npm_sum" ]]; then
  say "installing npm packages (better-sqlite3 compiles from source when no prebuilt binary is reachable: about 2 minutes)"
  npm install --no-audit --no-fund --loglevel=error
  mkdir -p "$state_dir"
  echo "$npm_sum" > "$state_dir/npm.sha256"
else
  say "npm packages up to date"
fi

# mediasoup worker ----------------------------------------------------------------------------------
mediasoup_version=$(node -p 'require("./node_modules/mediasoup/package.json").version')
runtime_libs=(libuv1 libsrtp2-1 libabsl20220623 libssl3 libstdc++6 libflatbuffers-dev flatbuffers-compiler)

# The key covers the libraries built against, flatc's version and every file of the recipe (the
# stand-ins in nested folders and the patches included, by path and content).
worker_cache_key() {
  {
    echo "mediasoup=$mediasoup_version arch=$(uname -m)"
    dpkg-query -W -f='${Package}=${Version}\n' "${runtime_libs[@]}" 2>/dev/null || echo "libs=missing"
    flatc --version 2>/dev/null || echo "flatc=missing"
    find scripts/worker -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done
  } | sha256sum | cut -c1-16
}

worker_bin=
if [[ -n ${MEDIASOUP_WORKER_BIN:-} ]]; then
  [[ -x $MEDIASOUP_WORKER_BIN ]] || die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not an executable file"
  worker_bin=$MEDIASOUP_WORKER_BIN
  say "mediasoup worker: $worker_bin (from MEDIASOUP_WORKER_BIN)"
elif [[ -x node_modules/mediasoup/worker/out/Release/mediasoup-worker ]]; then
  worker_bin=$root/node_modules/mediasoup/worker/out/Release/mediasoup-worker
  say "mediasoup worker: $worker_bin (mediasoup's own)"
else
  cached=$cache_dir/mediasoup-worker-$mediasoup_version-$(worker_cache_key)
  if [[ ! -x $cached ]]; then
    ensure_packages "${worker_build_packages[@]}"
    cached=$cache_dir/mediasoup-worker-$mediasoup_version-$(worker_cache_key)
  fi
  if [[ -x $cached ]]; then
    say "mediasoup worker: $cached (cached)"
  else
    say "building mediasoup worker $mediasoup_version from Debian's libraries into $cached"
    bash scripts/worker/build.sh node_modules/mediasoup "$cached"
  fi
  worker_bin=$cached
fi
mkdir -p "$state_dir"
echo "MEDIASOUP_WORKER_BIN=$worker_bin" > "$state_dir/worker.env"

ensure_packages "${run_packages[@]}"

# web app -------------------------------------------------------------------------------------------
web_sources=(apps/web signaling/src/protocol signaling/src/web db/src svelte.config.js vite.config.ts package-lock.json)
# The test build compiles in the hooks the end-to-end tests and the benchmark read (window.vwindowDebug…);
# build/.built names the flavour, so that switching between `npm start` and `npm test` rebuilds.
web_flavour=production
[[ $mode == test ]] && web_flavour=test-hooks
if [[ ! -f build/handler.js || ! -f build/.built || $(cat build/.built) != "$web_flavour" || -n $(find "${web_sources[@]}" -newer build/.built -print -quit) ]]; then
  say "building the web app (vite build, $web_flavour)"
  VWINDOW_TEST_HOOKS=$([[ $web_flavour == test-hooks ]] && echo 1 || echo 0) npx --no-install vite build --logLevel warn
  echo "$web_flavour" > build/.built
else
  say "web app up to date"
fi

# tests ---------------------------------------------------------------------------------------------
if [[ $mode == test ]]; then
  if [[ -n $(missing_packages postgresql) && $(id -u) -eq 0 ]]; then
    # Debian's postgresql makes and starts a cluster "main" on port 5432 when installed; the tests never
    # use it, so none is made (postgresql-common reads createcluster.d; no cluster, nothing to start).
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/vwindow-no-main-cluster.conf
  fi
  ensure_packages "${test_packages[@]}"
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after installing chromium"
fi

say "ready ($mode)"
