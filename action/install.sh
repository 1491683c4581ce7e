#!/usr/bin/env bash
# Installs milepost for action.yml into ~/.milepost/bin. Three steps, so that
# actions/cache can restore the binary between `plan` and `install`:
#   plan     which release and target, and the cache key (step outputs)
#   install  the release's prebuilt archive from $RELEASES/<tag>/, its
#            SHA-256 checked; or, for no
#            release or a platform without an archive, `cargo install --locked`
#            from the action's own source
#   path     put ~/.milepost/bin on the PATH of the later steps
set -euo pipefail

bin="$HOME/.milepost/bin"

target() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

# A release tag such as v1.2.3 or v1.2.3-rc.1, and nothing that could be more.
is_tag() {
  [[ "$1" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]
}

source_digest() {
  (cd "$GITHUB_ACTION_PATH" &&
    find Cargo.toml Cargo.lock build.rs src schema site-templates -type f 2>/dev/null |
    LC_ALL=C sort | xargs cat | sha256)
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}

plan() {
  local tag="${VERSION:-}"
  if [ -z "$tag" ] && is_tag "${ACTION_REF:-}"; then tag="$ACTION_REF"; fi
  if [ -n "$tag" ] && ! is_tag "$tag"; then
    echo "::error title=milepost::version must be a release tag such as v0.1.0, not: ${tag//[^0-9A-Za-z.-]/?}"
    exit 2
  fi
  local target key
  target="$(target)"
  if [ -n "$tag" ]; then
    key="milepost-${tag}-${target:-source}-${RUNNER_OS}-${RUNNER_ARCH}"
  else
    key="milepost-source-$(source_digest)-${RUNNER_OS}-${RUNNER_ARCH}"
  fi
  {
    echo "tag=$tag"
    echo "target=$target"
    echo "cache-key=$key"
  } >>"$GITHUB_OUTPUT"
}

download() {
  local releases="$1" tag="$2" target="$3" ext=tar.gz
  [ "$target" = x86_64-pc-windows-msvc ] && ext=zip
  local name="milepost-${tag}-${target}"
  local url="${releases}/${tag}/${name}.${ext}"
  local work
  work="$(mktemp -d)"
  if ! curl -fsSL --retry 3 -o "$work/$name.$ext" "$url" ||
    ! curl -fsSL --retry 3 -o "$work/$name.$ext.sha256" "$url.sha256"; then
    echo "no prebuilt milepost at $url"
    return 1
  fi
  local expected actual
  expected="$(cut -d' ' -f1 <"$work/$name.$ext.sha256")"
  actual="$(sha256 <"$work/$name.$ext")"
  if [ "$expected" != "$actual" ]; then
    echo "::error title=milepost::checksum mismatch for $url: expected $expected, got $actual"
    exit 2
  fi
  if [ "$ext" = zip ]; then
    (cd "$work" && unzip -q "$name.$ext")
  else
    tar -xzf "$work/$name.$ext" -C "$work"
  fi
  mkdir -p "$bin"
  cp "$work/$name"/milepost* "$bin/"
  rm -rf "$work"
}

install() {
  if [ -n "${TAG:-}" ] && [ -n "${TARGET:-}" ] && [ -n "${RELEASES:-}" ] &&
    download "$RELEASES" "$TAG" "$TARGET"; then
    return
  fi
  echo "building milepost from source with cargo install --locked"
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$HOME/.milepost"
}

path() {
  if [ "${RUNNER_OS:-}" = Windows ]; then
    cygpath -w "$bin" >>"$GITHUB_PATH"
  else
    echo "$bin" >>"$GITHUB_PATH"
  fi
}

case "${1:-}" in
  plan) plan ;;
  install) install ;;
  path) path ;;
  *) echo "usage: install.sh plan|install|path" >&2; exit 2 ;;
esac
