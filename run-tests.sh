#!/usr/bin/env bash
# Runs every test of the repository: the .NET test projects, then the JavaScript suites.
# Needs the .NET 10 SDK and Node 20; installs the JavaScript packages itself (npm ci).
# The cluster tests need redis-server on PATH, the browser test /usr/bin/chromium
# (Debian: apt-get install -y redis-server chromium). `bash .ci/run` installs both.
set -uo pipefail
cd "$(dirname "$0")"

export CHAT_CONFIGURATION=${CHAT_CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
status=0

dotnet build Orleans.Chat.sln -c "$CHAT_CONFIGURATION" || exit 1
dotnet test Orleans.Chat.sln -c "$CHAT_CONFIGURATION" --no-build || status=1

for dir in client/js tests/socketio-node; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund) || { status=1; continue; }
  fi
  (cd "$dir" && npm test) || status=1
done

exit $status
