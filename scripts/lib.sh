# Shared helpers for ./run, ./test and .ci/run. Sourced, not executed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_DIR="$ROOT/tools/azurite"
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed. $2"
}

# Installs the pinned Azurite into tools/azurite (never globally) when it is missing or
# its lock file changed since the last install.
ensure_azurite() {
  need node "Azurite needs Node.js 20 or later."
  need npm "Azurite is installed with npm."
  local stamp="$AZURITE_DIR/node_modules/.engage-lock"
  if [ -x "$AZURITE_BIN" ] && [ -f "$stamp" ] && cmp -s "$stamp" "$AZURITE_DIR/package-lock.json"; then
    return
  fi
  log "Installing Azurite (pinned in tools/azurite/package-lock.json)"
  npm ci --prefix "$AZURITE_DIR" --no-audit --no-fund --loglevel=error >&2
  cp "$AZURITE_DIR/package-lock.json" "$stamp"
}

# Installs Debian's chromium for the console's browser tests (docs/console.md) when it is missing: Playwright
# drives it by path, since Playwright's own browser download is not reachable from every machine.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  [ "$(id -u)" -eq 0 ] || die "The console's browser tests need Debian's chromium at /usr/bin/chromium: run 'sudo apt-get install chromium', or ./test as root."
  log "Installing chromium with apt-get (for the console's browser tests)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits up to $2 seconds for 127.0.0.1:$1 to accept connections.
wait_for_port() {
  local port=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    port_open "$port" && return 0
    sleep 0.1
  done
  return 1
}

# Zips the contents of folder $1 (dot-folders such as .azurefunctions/ included) into $2, paths relative
# to the folder, as zip deploy expects.
make_zip() {
  local dir=$1 target=$2
  if command -v zip >/dev/null 2>&1; then
    (cd "$dir" && zip -qrX "$target" .)
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$dir" "$target" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY
  else
    die "Zipping needs zip or python3; install one of them."
  fi
}
