#!/bin/sh
# Installs Analysis into a Debian 12 system: the one install script of the container image (Containerfile)
# and the Apptainer image (analysis.def). Runs as root, offline, from a build context made by
# docker/prepare-context.sh:
#   CONTEXT/analysis/      the published `analysis` command (kernel, libraries, extensions)
#   CONTEXT/dotnet/        a .NET 10 SDK installation (the kernel's `#r "nuget: ..."` runs `dotnet restore`)
#   CONTEXT/nuget-feed/    .nupkg files of docker/offline-packages.txt and their dependencies
#   CONTEXT/notebooks/     the notebooks
#   CONTEXT/debian-packages.txt, CONTEXT/install.sh (this file)
# Usage: install.sh [CONTEXT]   (default: the folder this script is in)
# Environment: NB_USER (jovyan), NB_UID (1000), NB_GID (100): the docker-stacks user conventions.
set -eu
context=$(cd "${1:-$(dirname "$0")}" && pwd)
NB_USER=${NB_USER:-jovyan}
NB_UID=${NB_UID:-1000}
NB_GID=${NB_GID:-100}
prefix=/opt/analysis

for part in analysis/analysis dotnet/dotnet nuget-feed notebooks debian-packages.txt; do
  [ -e "$context/$part" ] || { echo "install.sh: $context/$part is missing; make the context with docker/prepare-context.sh" >&2; exit 2; }
done

# 1. Debian packages; apt-get only runs when something is missing (a prepared root filesystem has them all).
packages=$(grep -v '^\s*#' "$context/debian-packages.txt" | tr -s ' \n' ' ')
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  rm -rf /var/lib/apt/lists/*
fi

# 2. .NET and the analysis command, read-only for users.
mkdir -p "$prefix"
rm -rf "$prefix/dotnet" "$prefix/app" "$prefix/nuget"
cp -a "$context/dotnet" "$prefix/dotnet"
cp -a "$context/analysis" "$prefix/app"
ln -sf "$prefix/dotnet/dotnet" /usr/local/bin/dotnet
ln -sf "$prefix/app/analysis" /usr/local/bin/analysis

# 3. The offline NuGet feed and the configuration that makes it the only source (nuget.org cannot fail offline).
mkdir -p "$prefix/nuget/feed"
cp -a "$context/nuget-feed/." "$prefix/nuget/feed/"
cat > "$prefix/nuget/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<!-- The image's only package source: the packages of docker/offline-packages.txt. A site with an internal
     mirror adds it here (or sets ANALYSIS_KERNEL_NUGET_CONFIG in kernel.json to its own file). -->
<configuration>
  <packageSources>
    <clear />
    <add key="analysis-offline" value="$prefix/nuget/feed" />
  </packageSources>
</configuration>
XML

# 4. Environment for every shell and service in the image, and the kernelspec with the same pins in its env,
#    so kernels started by a spawner without a login shell find .NET and the feed.
cat > /etc/profile.d/analysis.sh <<SH
export DOTNET_ROOT=$prefix/dotnet
export ANALYSIS_KERNEL_NUGET_CONFIG=$prefix/nuget/nuget.config
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SH
DOTNET_ROOT=$prefix/dotnet ANALYSIS_KERNEL_NUGET_CONFIG=$prefix/nuget/nuget.config \
  "$prefix/app/analysis" kernel install --sys-prefix >/dev/null   # /usr/share/jupyter/kernels: Debian's Python prefix
# Check the installed kernelspec starts its launcher's checks cleanly (the runtime is where kernel.json says).
DOTNET_ROOT=$prefix/dotnet "$prefix/app/analysis" kernel list | grep -q '^csharp-analysis ' \
  || { echo "install.sh: the kernelspec was not installed" >&2; exit 1; }

# 5. The unprivileged user, its work folder and the notebooks (docker-stacks: jovyan, uid 1000, gid 100, ~/work).
getent group "$NB_GID" >/dev/null || groupadd -g "$NB_GID" users
id "$NB_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash -u "$NB_UID" -g "$NB_GID" "$NB_USER"
home=$(getent passwd "$NB_USER" | cut -d: -f6)
mkdir -p "$home/work"
rm -rf "$prefix/notebooks" && cp -a "$context/notebooks" "$prefix/notebooks"
[ -e "$home/work/notebooks" ] || cp -a "$prefix/notebooks" "$home/work/notebooks"
chown -R "$NB_UID:$NB_GID" "$home"

# 6. The entry point: Jupyter as the docker-stacks images start it (port 8888, all interfaces, ~/work).
cat > /usr/local/bin/start-notebook.sh <<'SH'
#!/bin/sh
# Starts Jupyter as the docker-stacks images do: port 8888 on all interfaces, in ~/work, extra arguments passed on.
. /etc/profile.d/analysis.sh
cd "${NOTEBOOK_DIR:-$HOME/work}" 2>/dev/null || cd "$HOME"
exec jupyter notebook --ip=0.0.0.0 --port="${JUPYTER_PORT:-8888}" --no-browser "$@"
SH
chmod 755 /usr/local/bin/start-notebook.sh
chmod -R a+rX "$prefix"
echo "Analysis installed in $prefix for user $NB_USER ($home/work)"
