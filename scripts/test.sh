#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what it needs, builds, runs every test project
# (in parallel: each starts its own servers on its own ports), and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# From Debian, only when missing: Chromium for the browser tests, with the Noto CJK and emoji fonts a Chinese reader's
# browser has (without them Chinese is drawn as boxes of another size, and layout tests prove nothing), and
# redis-server for the cluster tests.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
command -v redis-server >/dev/null || missing+=(redis-server)
# nginx for the reverse-proxy tests (a real nginx in front of the product on loopback); openssl for the HTTPS tests'
# certificates and for scripts/cluster.sh's CA and node certificates.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
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

# Every project under tests/ is a test project (as MSBuild sees it, from the test SDK it references) or says
# <IsTestProject>false</IsTestProject> itself; one that is neither fails the run rather than being skipped unseen.
projects=()
alone=()
for csproj in tests/*/*.csproj; do
  name=$(basename "$csproj" .csproj)
  if [ "$(dotnet msbuild "$csproj" -nologo -getProperty:IsTestProject)" = "true" ]; then
    if [ "$(dotnet msbuild "$csproj" -nologo -getProperty:RunsAlone)" = "true" ]; then alone+=("$csproj"); else projects+=("$csproj"); fi
  elif grep -q '<IsTestProject>false</IsTestProject>' "$csproj"; then
    echo "Not a test project (it says so): $name"
  else
    echo "tests/$name is neither a test project nor marked <IsTestProject>false</IsTestProject>." >&2
    exit 1
  fi
done
expected=$(( ${#projects[@]} + ${#alone[@]} ))
echo "Test projects: $expected (${projects[*]##*/} ${alone[*]##*/})"

run_project() {
  local csproj=$1 name
  name=$(basename "$csproj" .csproj)
  dotnet test "$csproj" -c Release --no-build -nologo -v q \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" \
    --blame-hang-timeout 5m -- RunConfiguration.TreatNoTestsAsError=true > "$results/$name.log" 2>&1
}

# Each test project runs in its own process, all at once: their servers take their own ports and folders. Projects
# marked <RunsAlone> (the cluster fault tests, which kill processes and measure recovery) run afterwards, alone.
set +e
pids=()
for csproj in "${projects[@]}"; do
  run_project "$csproj" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for csproj in "${alone[@]}"; do run_project "$csproj" || status=1; done
set -e
cat "$results"/*.log

# CI reads the last line: the totals of every test project's TRX file. A run counts as broken (one more failure)
# when it broke outside a test (build, crash, hang), when a project left no TRX file or ran no test, or when a test
# was skipped without being listed, with its reason, in tests/skipped-tests.txt.
passed=0; failed=0; skipped=0; broken=()
allowed_skips=$(sed -n '/^\s*#/d; s/^\([^|]*[^| ]\) *| *[^ ].*$/\1/p' tests/skipped-tests.txt)
for csproj in "${projects[@]}" "${alone[@]}"; do
  name=$(basename "$csproj" .csproj)
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then broken+=("$name left no TRX file"); continue; fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  [ "${t:-0}" -gt 0 ] || broken+=("$name ran no test")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  while IFS= read -r test; do
    [ -n "$test" ] || continue
    grep -Fxq -- "$test" <<<"$allowed_skips" || broken+=("$name skipped '$test', which tests/skipped-tests.txt does not list with a reason")
  done < <(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/\1/p')
done
trx_count=$(find "$results" -maxdepth 1 -name '*.trx' | wc -l)
[ "$trx_count" -eq "$expected" ] || broken+=("$trx_count TRX files for $expected test projects")
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || broken+=("a test run exited with an error outside any test (see its log above)")
for reason in "${broken[@]}"; do echo "Run broken: $reason" >&2; done
[ ${#broken[@]} -eq 0 ] || failed=$((failed + 1))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
