#!/usr/bin/env bash
# The one test command (`npm test`): every test file in src/ and test/ (browser journeys in
# test/e2e/ included) through Node 20's own runner. Browser tests drive Debian's Chromium at
# /usr/bin/chromium; they are never skipped, so a machine without it installs it (as root) or
# stops here with a clear message. Examples:
#   npm test                                   everything
#   npm test -- test/e2e                       only the browser journeys
#   npm test -- --test-name-pattern='journey'  options go to `node --test`
# Database tests run on the embedded PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    echo "scripts/test.sh: installing Debian's chromium for the browser tests…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: $CHROMIUM is missing and this user cannot install it." >&2
    echo "  Install Debian's chromium package (sudo apt-get install chromium) and run again;" >&2
    echo "  browser tests are never skipped." >&2
    exit 1
  fi
fi
if [[ ! -x "$CHROMIUM" ]]; then
  echo "scripts/test.sh: $CHROMIUM is still missing after installing chromium." >&2
  exit 1
fi

# Leading arguments that are folders or files narrow the run (`npm test -- test/e2e`,
# `npm run test:unit` = src/); the rest go to `node --test`.
roots=()
while (( $# )) && [[ "$1" != -* && -e "$1" ]]; do
  roots+=("${1%/}")
  shift
done
(( ${#roots[@]} )) || roots=(src test)

shopt -s globstar nullglob
candidates=()
for root in "${roots[@]}"; do
  if [[ -f "$root" ]]; then
    candidates+=("$root")
  else
    candidates+=("$root"/**/*.test.ts "$root"/**/*.test.tsx)
  fi
done
# Sorted so the order (and so the output) is the same on every machine.
mapfile -t files < <(printf '%s\n' "${candidates[@]}" | sed '/^$/d' | LC_ALL=C sort -u)
if (( ${#files[@]} == 0 )); then
  echo "scripts/test.sh: no test files found" >&2
  exit 1
fi

# Two cores: two test files at a time. People read the spec reporter; a TAP copy goes to a
# file so the closing summary (# tests / # pass / # fail) is printed the same on every machine,
# TTY or not, and CI can read it.
tap="$(mktemp "${TMPDIR:-/tmp}/prosfero-tests.XXXXXX.tap")"
trap 'rm -f "$tap"' EXIT
status=0
node --import tsx --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "$@" "${files[@]}" || status=$?

echo
grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$tap" || true
passed="$(sed -n 's/^# pass //p' "$tap" | tail -n1)"
failed="$(sed -n 's/^# fail //p' "$tap" | tail -n1)"
cancelled="$(sed -n 's/^# cancelled //p' "$tap" | tail -n1)"
echo "${passed:-0} passed, $(( ${failed:-0} + ${cancelled:-0} )) failed"
if (( status == 0 )) && [[ -z "$passed" ]]; then
  echo "scripts/test.sh: the test runner printed no summary" >&2
  status=1
fi
exit "$status"
