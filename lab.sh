#!/usr/bin/env bash
# The main job: installs what it needs, builds and installs the C# kernel, and starts
# Jupyter on notebooks/. Extra arguments go to Jupyter (e.g. --port 8899).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-debian-packages.sh jupyter-notebook jupyter-client python3-ipykernel
analysis=$(scripts/publish-kernel.sh)
"$analysis" kernel install --user
echo "Starting Jupyter on notebooks/ (Ctrl+C stops it)"
exec jupyter notebook --notebook-dir="$PWD/notebooks" --ip=127.0.0.1 --no-browser "$@"
