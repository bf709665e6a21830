"""batchspawner configuration for Analysis: JupyterHub starts each user's server as a Slurm job, with a CPU and a GPU
profile to choose from (ProfilesSpawner). Loaded by docker/jupyterhub/jupyterhub_config.py (ANALYSIS_HUB_SPAWNER=slurm);
needs `pip install batchspawner wrapspawner` in the hub's Python and jupyterhub-singleuser + batchspawner on the nodes.

Edit the profiles for your site: partition names, time limits, memory and the GPU request (`req_gres`). Each profile
is (display name, key, spawner class, settings); the settings fill the `req_*` fields of batch_script below.

The kernel needs no module loads or login shell: its kernel.json pins DOTNET_ROOT and the rest (batchspawner issues
#246, #281). For GPUs a CUDA libtorch 2.10 must be named by ANALYSIS_LIBTORCH; the GPU profile exports it from
ANALYSIS_LIBTORCH_CUDA, which you set below (or install the kernelspec with ANALYSIS_LIBTORCH set, which pins it).
"""

import os

c = get_config()  # noqa: F821

c.JupyterHub.spawner_class = "wrapspawner.ProfilesSpawner"
# The hub must be reachable from the compute nodes.
c.JupyterHub.hub_ip = os.environ.get("ANALYSIS_HUB_IP", "0.0.0.0")
if os.environ.get("ANALYSIS_HUB_CONNECT_IP"):  # the address nodes use for the hub, when not its host name
    c.JupyterHub.hub_connect_ip = os.environ["ANALYSIS_HUB_CONNECT_IP"]
# Jobs can wait in the queue; the hub waits this long before giving up (the user sees "pending" meanwhile).
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 300

# Where the GPU nodes have the CUDA libtorch (e.g. a PyTorch 2.10 install's torch/lib, or LibTorch 2.10's lib).
libtorch_cuda = os.environ.get("ANALYSIS_LIBTORCH_CUDA", "/sw/libtorch/2.10-cu128/lib")

c.SlurmSpawner.batch_script = """#!/bin/bash
#SBATCH --job-name=jupyterhub-analysis
#SBATCH --output={{homedir}}/jupyterhub_slurmspawner_%j.log
#SBATCH --chdir={{homedir}}
#SBATCH --export={{keepvars}}
#SBATCH --get-user-env=L
{% if partition %}#SBATCH --partition={{partition}}
{% endif %}{% if runtime %}#SBATCH --time={{runtime}}
{% endif %}{% if memory %}#SBATCH --mem={{memory}}
{% endif %}{% if nprocs %}#SBATCH --cpus-per-task={{nprocs}}
{% endif %}{% if gres %}#SBATCH --gres={{gres}}
{% endif %}{% if options %}#SBATCH {{options}}
{% endif %}
set -euo pipefail
{{prologue}}
trap 'echo SIGTERM received' TERM
{{cmd}}
echo "jupyterhub-singleuser ended gracefully"
{{epilogue}}
"""

c.ProfilesSpawner.profiles = [
    ("CPU: 2 cores, 8 GB, 4 hours", "cpu", "batchspawner.SlurmSpawner",
     dict(req_partition="cpu", req_runtime="4:00:00", req_memory="8G", req_nprocs="2")),
    ("CPU: 8 cores, 32 GB, 8 hours", "cpu-large", "batchspawner.SlurmSpawner",
     dict(req_partition="cpu", req_runtime="8:00:00", req_memory="32G", req_nprocs="8")),
    ("GPU: 1 GPU, 8 cores, 64 GB, 4 hours", "gpu", "batchspawner.SlurmSpawner",
     dict(req_partition="gpu", req_runtime="4:00:00", req_memory="64G", req_nprocs="8", req_gres="gpu:1",
          req_prologue=f"export ANALYSIS_LIBTORCH={libtorch_cuda}")),
]
