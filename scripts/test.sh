#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what it needs, builds, runs every test project
# (in parallel: each starts its own servers on its own ports), and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# From Debian, only when missing: Chromium for the browser tests, redis-server for the cluster tests.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Azurite (the Azure Storage emulator) and twilio (the signature oracle) from npm, pinned by tools/package-lock.json.
[ -x tools/node_modules/.bin/azurite-blob ] && [ -d tools/node_modules/twilio ] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

dotnet build Hotline.sln -c Release -v q -nologo

run_project() {
  local project=$1 name
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build -nologo -v q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 5m > "$results/$name.log" 2>&1
}

# Each test project runs in its own process, all at once: their servers take their own ports and folders. Projects
# marked <RunsAlone> (the cluster fault tests, which kill processes and measure recovery) run afterwards, alone.
set +e
pids=()
alone=()
for project in tests/*/; do
  name=$(basename "$project")
  [ -f "$project$name.csproj" ] && grep -q '<IsTestProject>true</IsTestProject>' "$project$name.csproj" || continue
  if grep -q '<RunsAlone>true</RunsAlone>' "$project$name.csproj"; then alone+=("$project"); continue; fi
  run_project "$project" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for project in "${alone[@]}"; do run_project "$project" || status=1; done
set -e
cat "$results"/*.log

# CI reads the last line: the totals of every test project's TRX file.
passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ ${#trx_files[@]} -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The run broke before or outside a test (build, crash, hang): count it as a failure, never as a pass.
  failed=$((failed + 1))
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
