#!/usr/bin/env bash
# Makes the build context docker/install.sh installs from, on a machine with the .NET 10 SDK (the
# Containerfile's build stage, a login node, CI): the published `analysis` command, the .NET SDK,
# the offline NuGet feed (docker/offline-packages.txt and dependencies), the notebooks and this folder's
# install files.
# Usage: docker/prepare-context.sh OUT [--link]
#   --link  hard-link instead of copying where possible (same file system; the tests use it to save disk)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: prepare-context.sh OUT [--link]}
copy=(cp -a)
[ "${2:-}" = "--link" ] && copy=(cp -al)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The analysis command, published by the project's own script (or ANALYSIS_PUBLISHED: a published folder to use).
if [ -n "${ANALYSIS_PUBLISHED:-}" ]; then app="$ANALYSIS_PUBLISHED/analysis"; else app=$("$repo/scripts/publish-kernel.sh"); fi
[ -x "$app" ] || { echo "prepare-context.sh: no published analysis at $app" >&2; exit 2; }
rm -rf "$out/analysis" && "${copy[@]}" "$(dirname "$app")" "$out/analysis"

# The .NET installation the SDK here runs from (its root holds dotnet, host/, shared/, sdk/, packs/).
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
[ -d "$dotnet_root/sdk" ] || { echo "prepare-context.sh: no SDK under $dotnet_root" >&2; exit 2; }
rm -rf "$out/dotnet" && "${copy[@]}" "$dotnet_root" "$out/dotnet"

# The offline feed: restore a throw-away project naming the packages (net10.0, linux-x64, as the kernel
# restores), then copy every package of its assets file from NuGet's global packages folder.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework>'
  echo '<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>false</SelfContained><NuGetAudit>false</NuGetAudit>'
  echo '<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup>'
  grep -v '^\s*#' "$repo/docker/offline-packages.txt" | while read -r id version; do
    [ -n "$id" ] && echo "<PackageReference Include=\"$id\" Version=\"$version\" />"
  done
  echo '</ItemGroup></Project>'
} > "$work/offline.csproj"
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$work/$f"; done
dotnet restore "$work/offline.csproj" -v quiet -nologo >&2
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
rm -rf "$out/nuget-feed" && mkdir -p "$out/nuget-feed"
/usr/bin/python3 - "$work/obj/project.assets.json" "$packages" "$out/nuget-feed" <<'PY'
import json, os, shutil, sys
assets, packages, feed = sys.argv[1:]
for key, library in json.load(open(assets))["libraries"].items():
    if library["type"] != "package":
        continue
    folder = os.path.join(packages, library["path"])
    nupkg = [f for f in os.listdir(folder) if f.endswith(".nupkg")]
    if len(nupkg) != 1:
        sys.exit(f"prepare-context.sh: no single .nupkg in {folder}")
    shutil.copy2(os.path.join(folder, nupkg[0]), feed)
    print(f"feed: {key}", file=sys.stderr)
PY

rm -rf "$out/notebooks" && cp -a "$repo/notebooks" "$out/notebooks"
cp "$repo/docker/install.sh" "$repo/docker/debian-packages.txt" "$out/"
echo "$out"
