#!/usr/bin/env bash
# Publishes the analysis command ReadyToRun (precompiled: the kernel starts about a second
# sooner than from the JIT build) into .artifacts/analysis, and prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.artifacts/analysis
dotnet publish src/Analysis.Cli -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$out" -v quiet -nologo >&2
echo "$PWD/$out/analysis"
