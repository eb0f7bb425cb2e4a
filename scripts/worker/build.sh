#!/usr/bin/env bash
# Builds mediasoup's worker against Debian's own libraries, without any download.
# Usage: build.sh MEDIASOUP_PACKAGE_DIR OUTPUT_BINARY [RECIPE_DIR]
# RECIPE_DIR (default: this folder) holds subprojects/ (a stand-in per wrap) and patches/ (optional).
# The bench uses another recipe to build mediasoup 3.12's worker for comparison.
# See ../../README.md (Offline install) for why this exists.
set -euo pipefail

# All in one function, read whole before it runs: editing this file during a build cannot derail it.
main() {
  pkg_dir=$(cd "$1" && pwd)
  out_bin=$2
  here=$(cd "${3:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)
  work=$(mktemp -d "${TMPDIR:-/tmp}/vwindow-worker-build.XXXXXX")
  trap 'rm -rf "$work"' EXIT

  log() { printf '[worker] %s\n' "$*"; }

  log "copying mediasoup worker sources from $pkg_dir/worker"
  cp -r "$pkg_dir/worker" "$work/worker"
  cd "$work/worker"

  # Debian 12 ships meson 1.0.1; mediasoup asks for >= 1.1.0 but builds with 1.0.1.
  sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" meson.build

  # Fixes to mediasoup's own sources, each patch file saying why.
  for p in "$here"/patches/*.patch; do
    [[ -f $p ]] || continue
    log "applying $(basename "$p")"
    patch -p1 --forward --quiet < "$p"
  done

  # Each wrap file names the directory meson looks in before downloading; put the stand-ins there:
  # Debian's libraries wrapped (openssl, libuv, abseil-cpp, flatbuffers), libsrtp 3's API over
  # Debian's libsrtp2, and unordered_dense over the standard library.
  for wrap in subprojects/*.wrap; do
    sub=$(basename "$wrap" .wrap)
    [[ -d $here/subprojects/$sub ]] || continue
    dir=$(sed -n 's/^directory *= *//p' "$wrap")
    rm -rf "subprojects/$dir"
    mkdir -p "subprojects/$dir"
    cp -r "$here/subprojects/$sub/." "subprojects/$dir/"
  done

  log "configuring (meson $(meson --version))"
  meson setup build --buildtype release -Db_ndebug=true -Db_pie=true -Db_staticpic=true \
    --wrap-mode=nodownload > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }

  log "compiling mediasoup-worker on $(nproc) cores (about 5 to 8 minutes on 2 cores)"
  # ninja prints one "[n/total]" line per step; show every 10th so progress is visible in CI logs.
  ninja -C build -j "$(nproc)" mediasoup-worker 2>&1 | awk '
    /^\[[0-9]+\/[0-9]+\]/ { split(substr($1, 2), p, "/"); n = p[1] + 0; t = p[2] + 0;
      if (n % 10 == 0 || n == t) printf "[worker] step %d of %d\n", n, t; fflush(); next }
    /error|Error|FAILED|undefined reference|multiple definition/ { print; fflush() }'
  test "${PIPESTATUS[0]}" -eq 0

  mkdir -p "$(dirname "$out_bin")"
  cp build/mediasoup-worker "$out_bin.tmp"
  strip "$out_bin.tmp" || true
  mv "$out_bin.tmp" "$out_bin"
  log "built $out_bin"
}

main "$@"
