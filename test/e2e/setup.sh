#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's Chromium and build tools, code-server (a real VS Code
# workbench and extension host) cached under .cache/e2e/, and the ordinary user `vscode` some tests run it as.
# Safe to run again: a second run takes a moment.
# Only the npm registry and Debian's archive are reachable here, so every step avoids other downloads.
# Facts behind each workaround: /work/shared/research/vscode-test-host.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # the last release that runs on Node 20
REQUIRED_NODE_MAJOR=20
APT_PACKAGES=(chromium libkrb5-dev build-essential pkg-config python3 ripgrep tinyproxy)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="$REPO_ROOT/.cache/e2e"
INSTALL_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
MARKER="$INSTALL_DIR/.installed"
TEST_USER=vscode # the ordinary user the e2e harness runs code-server as (TEST_USER in test/e2e/harness/runAs.ts)

say() { echo "e2e setup: $*"; }
fail() { echo "e2e setup: ERROR: $*" >&2; exit 1; }

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || fail "node is not on PATH"
[ "$node_major" = "$REQUIRED_NODE_MAJOR" ] ||
  fail "code-server $CODE_SERVER_VERSION needs Node $REQUIRED_NODE_MAJOR, found Node $node_major"

# The marker names everything the native modules were built against; any change means reinstall.
marker_content="code-server=$CODE_SERVER_VERSION node-abi=$(node -p process.versions.modules) arch=$(uname -m)"

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

install_apt_packages() {
  local missing
  mapfile -t missing < <(missing_apt_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || fail "apt-get update failed (is Debian's archive reachable?)"
  apt-get install -y -q "${missing[@]}" || fail "apt-get install ${missing[*]} failed"
}

# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this tarball in $TMPDIR.
seed_ripgrep_download_cache() {
  local tmpdir="$1" target
  case "$(uname -m)" in
    x86_64) target=x86_64-unknown-linux-musl ;;
    aarch64) target=aarch64-unknown-linux-musl ;;
    *) fail "no ripgrep target known for $(uname -m)" ;;
  esac
  local dir="$tmpdir/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$dir/rg"
  cp "$(command -v rg)" "$dir/rg/rg"
  tar -czf "$dir/ripgrep-v13.0.0-10-$target.tar.gz" -C "$dir/rg" rg
}

install_code_server() {
  local started=$SECONDS
  say "installing code-server $CODE_SERVER_VERSION into ${INSTALL_DIR#"$REPO_ROOT"/} (about a minute)"
  rm -rf "$INSTALL_DIR"
  mkdir -p "$INSTALL_DIR" "$CACHE_DIR/home" "$CACHE_DIR/tmp"
  # Its own package.json keeps npm from walking up to the extension's project.
  echo '{ "name": "e2e-code-server", "private": true }' >"$INSTALL_DIR/package.json"
  seed_ripgrep_download_cache "$CACHE_DIR/tmp"

  # Everything npm, node-gyp and the postinstall scripts write goes under .cache/, never the real $HOME;
  # the user's npmrc is still read (registry, CA file).
  # - dangerously-allow-all-scripts: npm 11 skips dependency install scripts, but code-server's postinstall
  #   is what installs VS Code itself, and it runs nested `npm install`s whose native modules (node-pty,
  #   kerberos, ...) need their scripts too. An allow-list can't reach those: npm hands its settings to
  #   the nested installs as environment variables and rejects an allow-scripts list from there in a
  #   project install. This install is pinned to one version.
  # - unsafe_perm: code-server's postinstall refuses to run as root without it (npm itself warns that it
  #   no longer knows this setting; the script reads it from the environment).
  # - yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise prompt (or refuse).
  # - nodedir: node-gyp uses Node's installed headers instead of downloading them.
  local log="$CACHE_DIR/install.log"
  if ! (
    cd "$INSTALL_DIR" &&
      env HOME="$CACHE_DIR/home" TMPDIR="$CACHE_DIR/tmp" \
        npm_config_userconfig="${npm_config_userconfig:-$HOME/.npmrc}" \
        npm_config_cache="$REPO_ROOT/.cache/npm" \
        npm_config_logs_dir="$CACHE_DIR/npm-logs" \
        npm_config_dangerously_allow_all_scripts=true npm_config_ignore_scripts=false \
        npm_config_unsafe_perm=true \
        npm_config_yes=true \
        npm_config_nodedir=/usr \
        npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
        npm install --no-package-lock "code-server@$CODE_SERVER_VERSION"
  ) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "installing code-server failed; full log: $log"
  fi

  # Its first line may be a log message (it writes a default config file on first start).
  local version
  version="$(HOME="$CACHE_DIR/home" "$INSTALL_DIR/node_modules/.bin/code-server" --version 2>>"$log")" ||
    fail "code-server was installed but does not start; see $log"
  grep -q "^$CODE_SERVER_VERSION .* with Code " <<<"$version" ||
    fail "expected code-server $CODE_SERVER_VERSION, it printed: $version"
  echo "$marker_content" >"$MARKER"
  say "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
}

# nonRoot.test.ts runs code-server as `vscode`, the ordinary user of a dev container. It gets uid 1000 as there
# when that uid is free; when another account already has it (this machine's image has one, and on a workstation it
# is the developer's own), useradd picks the next free uid of ordinary users: what the test needs is "not root",
# and borrowing someone else's account would run the tests as them. No home folder: the tests give it a temporary
# HOME, so anything written to a home that is not the test's fails (/nonexistent cannot be created).
ensure_test_user() {
  id -u "$TEST_USER" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    say "no user $TEST_USER (needs root to create); the non-root test then runs code-server as you"
    return 0
  fi
  local uid_option=()
  getent passwd 1000 >/dev/null || uid_option=(--uid 1000)
  useradd "${uid_option[@]}" --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$TEST_USER" ||
    fail "could not create the user $TEST_USER"
  say "created user $TEST_USER (uid $(id -u "$TEST_USER"))"
}

# Tests that drop to an ordinary user (setpriv) run code from this checkout (out/, node_modules, .cache/e2e): every
# folder above it must let others pass through. A clone under /root (0700) would not; open those folders for
# traversal only (o+x: no listing), as root, and say so.
open_checkout_for_test_users() {
  local dir="$REPO_ROOT"
  while [ "$dir" != / ]; do
    if [ "$(( $(stat -c '%a' "$dir" | sed 's/^.*\(.\)$/\1/') & 1 ))" = 0 ]; then
      [ "$(id -u)" = 0 ] || { say "$dir is closed to other users; the tests that run as an ordinary user will say so"; return 0; }
      chmod o+x "$dir"
      say "opened $dir for traversal by other users (o+x), so tests can run this checkout as an ordinary user"
    fi
    dir="$(dirname "$dir")"
  done
}

main() {
  mkdir -p "$CACHE_DIR"
  # Two test runs starting at once must not install into the same folder.
  exec 9>"$CACHE_DIR/setup.lock"
  flock 9

  install_apt_packages
  open_checkout_for_test_users
  # The unit and integration tests need only the Debian packages (tinyproxy, the real proxy they go through).
  if [ "${1:-}" = "--debian-packages-only" ]; then
    say "Debian packages ready"
    return 0
  fi
  ensure_test_user
  if [ "$(cat "$MARKER" 2>/dev/null)" != "$marker_content" ]; then
    install_code_server
  fi
  say "ready (code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -n 1))"
}

main "$@"
