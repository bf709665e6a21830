#!/usr/bin/env bash
# The main job: installs what it needs, builds and installs the C# kernel, starts local synthetic
# sites (one node each) and Jupyter on notebooks/, and stops the sites when Jupyter exits.
# Extra arguments go to Jupyter (e.g. --port 8899). ANALYSIS_SITES (3), ANALYSIS_SITES_PATIENTS (1000)
# and ANALYSIS_SITES_DIR (default $XDG_DATA_HOME/analysis/sites) size and place the federation.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-debian-packages.sh jupyter-notebook jupyter-client python3-ipykernel
analysis=$(scripts/publish-kernel.sh)
"$analysis" kernel install --user

sites_dir=${ANALYSIS_SITES_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/analysis/sites}
# Stop the nodes however this script ends (Jupyter quits, Ctrl+C, an error below).
trap '"$analysis" sites down --dir "$sites_dir"' EXIT
# A handler (not an ignore) so Ctrl+C reaches Jupyter, whose own prompt decides, and the script still ends through EXIT.
trap : INT
"$analysis" sites up --sites "${ANALYSIS_SITES:-3}" --patients "${ANALYSIS_SITES_PATIENTS:-1000}" --dir "$sites_dir"
# Kernels inherit Jupyter's environment: FederationClient.Local() reads the catalog from here.
export ANALYSIS_FEDERATION="$sites_dir/federation.json"

echo "Starting Jupyter on notebooks/ (Ctrl+C stops it and the sites)"
jupyter notebook --notebook-dir="$PWD/notebooks" --ip=127.0.0.1 --no-browser "$@"
