#!/usr/bin/env bash
# Runs every test of the project and prints the totals. On a fresh Debian 12 machine with
# the .NET SDK it installs what it needs first (Debian packages, NuGet restore).
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD

scripts/ensure-debian-packages.sh \
  jupyter-notebook jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat \
  python3-jupyter-kernel-test python3-ipykernel python3-pytest python3-zmq \
  r-base-core r-cran-survival python3-numpy python3-pandas python3-pil tabix chromium \
  python3-pydicom python3-nibabel python3-sklearn python3-torch \
  mmdebstrap slurm-wlm munge jupyterhub node-configurable-http-proxy ruby python3-yaml python3-jinja2 || exit 1

# playwright-core for the real-browser test (it drives Debian's chromium; no browser download).
command -v npm >/dev/null || scripts/ensure-debian-packages.sh npm || exit 1
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund) || exit 1

dotnet build Analysis.sln -c Release -nologo -v quiet || exit 1
analysis=$(scripts/publish-kernel.sh) || exit 1

# Tests use a private Jupyter prefix and history file: nothing of the user's is touched.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$analysis" kernel install --prefix "$work/jupyter" >/dev/null || exit 1
export JUPYTER_PATH="$work/jupyter/share/jupyter"
export ANALYSIS_KERNEL_HISTORY="$work/history.jsonl"
export JUPYTER_RUNTIME_DIR="$work/runtime"

log="$work/log"
: > "$log"
echo "== .NET tests"
dotnet test Analysis.sln -c Release --no-build -nologo 2>&1 | tee -a "$log"
dotnet_status=${PIPESTATUS[0]}
echo "== Jupyter tests (conformance, jupyter_client, notebooks)"
/usr/bin/python3 -m pytest -q -p no:cacheprovider 2>&1 | tee -a "$log"
python_status=${PIPESTATUS[0]}

# One line with the totals of both runners.
passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(grep -E '^\s*(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
summary=$(grep -E '^[=]* *[0-9]+ (passed|failed|errors?)' "$log" | tail -1)
p=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)
f=$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || true)
e=$(grep -oE '[0-9]+ errors?' <<<"$summary" | grep -oE '[0-9]+' || true)
s=$(grep -oE '[0-9]+ skipped' <<<"$summary" | grep -oE '[0-9]+' || true)
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${s:-0}))
echo
echo "Totals: $passed passed, $failed failed, $skipped skipped"
if [ "$dotnet_status" -ne 0 ] || [ "$python_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
