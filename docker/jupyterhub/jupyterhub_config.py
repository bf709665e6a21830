"""JupyterHub configuration for Analysis (JupyterHub 3+): users get Jupyter servers with the C# kernel.

Where the servers run is chosen by ANALYSIS_HUB_SPAWNER:
  slurm (default)  batchspawner's ProfilesSpawner over SlurmSpawner: CPU and GPU profiles (docker/slurm/batchspawner_config.py)
  local            JupyterHub's LocalProcessSpawner: servers on the hub's machine (a workshop server, the tests)

The kernel needs nothing from the spawner's environment: install its kernelspec where every user's Jupyter finds it,
   analysis kernel install --sys-prefix        (or --prefix /sw/jupyter, with JUPYTER_PATH=/sw/jupyter/share/jupyter)
and kernel.json pins DOTNET_ROOT, the NuGet feed and cache settings and the federation catalog that were set when it
was installed (batch and hub spawners start kernels without login shells or modules).

Other settings (environment): ANALYSIS_HUB_URL (the public URL the proxy binds, default http://:8000),
ANALYSIS_HUB_STATE (folder for the hub's database and cookie secret, default the working folder).
Authentication is JupyterHub's default (PAM: the machine's users); set c.JupyterHub.authenticator_class in a file
loaded after this one for LDAP, OAuth and the rest.
"""

import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))
state = os.environ.get("ANALYSIS_HUB_STATE", os.getcwd())

c.JupyterHub.bind_url = os.environ.get("ANALYSIS_HUB_URL", "http://:8000")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
# Servers stop with the hub: an HPC allocation left running after the hub is gone costs the user's quota.
c.JupyterHub.cleanup_servers = True

# Debian's configurable-http-proxy needs Node to search Debian's module folder, which the `node` on PATH does not.
if os.path.isdir("/usr/share/nodejs"):
    os.environ["NODE_PATH"] = ":".join(p for p in (os.environ.get("NODE_PATH"), "/usr/share/nodejs") if p)

# The classic notebook's file browser (JupyterLab is not in every site's package set; set /lab where it is).
c.Spawner.default_url = "/tree"
c.Spawner.cmd = ["jupyterhub-singleuser"]
# A first C# kernel on a busy node takes several seconds; batch queues can take minutes (raised in the Slurm file).
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

spawner = os.environ.get("ANALYSIS_HUB_SPAWNER", "slurm")
if spawner == "slurm":
    load_subconfig(os.path.join(here, "..", "slurm", "batchspawner_config.py"))  # noqa: F821
elif spawner == "local":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.notebook_dir = "~"
else:
    raise ValueError(f"ANALYSIS_HUB_SPAWNER={spawner!r}: use 'slurm' or 'local'")
