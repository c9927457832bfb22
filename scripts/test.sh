#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need on a
# fresh machine, then runs the whole suite. Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# The network-namespace tests (internal/testnet, netns_test.go) drive ip and
# tc; they skip with a message where namespaces are not allowed.
command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1 || need_apt+=(iproute2)
# The portal's browser tests drive Debian's Chromium (internal/web); with
# CI=true they fail without it. A CJK font makes their screenshots legible.
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-wqy-zenhei)
# Node runs the OpenAPI lint (tools/openapi-lint) and the JavaScript
# client's tests (clients/js).
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
export DEBIAN_FRONTEND=noninteractive
if ((${#need_apt[@]})); then
  echo "installing: ${need_apt[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null; fi
fi

# The pinned npm packages, exactly as locked.
for dir in tools/openapi-lint clients/js; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# Long soak and load runs are opt-in (GOVCHAIN_LONG=1); the default suite
# runs their short forms. -p 1 keeps the multi-node end-to-end packages
# from starving each other on a 2-core machine.
exec go test -count=1 -p 1 -timeout 30m ./... "$@"
