"""A one-node Slurm cluster on 127.0.0.1 for the deployment tests: munged, slurmctld and slurmd started from
Debian's slurm-wlm and munge with a generated slurm.conf in a temporary folder, and stopped again.

No cgroups (slurm-wlm 22.05 on these machines has none to use): ``ProctrackType=proctrack/linuxproc`` and
``TaskPlugin=task/none``. Commands find the cluster through ``SLURM_CONF``, which :meth:`Cluster.env` sets.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

NODE = "analysisnode"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    conf: Path
    processes: list[subprocess.Popen]
    partitions: tuple[str, ...]

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env["SLURM_CONF"] = str(self.conf)
        env.update(extra or {})
        return env

    def run(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), cwd=cwd, env=self.env(env), capture_output=True, text=True, timeout=timeout)

    def job_state(self, job: str) -> str:
        """The job's state from squeue, or '' once it has left the queue."""
        return self.run("squeue", "-h", "-j", job, "-o", "%T").stdout.strip()

    def wait_gone(self, job: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.job_state(job):
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job} still queued after {timeout} s: {self.job_state(job)}")
            time.sleep(0.5)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in sorted(self.root.glob("*.log")))


def _wait(predicate, timeout: float, what: str, cluster_root: Path) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-2000:] for p in sorted(cluster_root.glob("*.log")))
            raise TimeoutError(f"{what} not ready after {timeout} s\n{logs}")
        time.sleep(0.3)


@contextlib.contextmanager
def one_node_cluster(root: Path, partitions: tuple[str, ...] = ("debug",)):
    """Starts munged, slurmctld and slurmd in ``root``; yields a :class:`Cluster`; stops them all."""
    for tool in ("munged", "slurmctld", "slurmd", "sbatch"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            raise RuntimeError(f"{tool} is not installed: Debian packages slurm-wlm and munge are needed (test.sh installs them)")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    for sub in ("state", "spool", "munge"):
        (root / sub).mkdir(exist_ok=True)
    os.chmod(root / "munge", 0o700)
    key = root / "munge" / "munge.key"
    key.write_bytes(os.urandom(1024))
    os.chmod(key, 0o400)
    socket_path = root / "munge" / "munge.sock"
    host = socket.gethostname().split(".")[0]
    cpus = os.cpu_count() or 1
    ctl_port, d_port = free_port(), free_port()
    lines = [
        "ClusterName=analysistest",
        f"SlurmctldHost={host}(127.0.0.1)",
        f"SlurmctldPort={ctl_port}",
        f"SlurmdPort={d_port}",
        "AuthType=auth/munge",
        "CredType=cred/munge",
        f"AuthInfo=socket={socket_path}",
        "SlurmUser=root",
        "SlurmdUser=root",
        f"StateSaveLocation={root / 'state'}",
        f"SlurmdSpoolDir={root / 'spool'}",
        f"SlurmctldPidFile={root / 'slurmctld.pid'}",
        f"SlurmdPidFile={root / 'slurmd.pid'}",
        f"SlurmctldLogFile={root / 'slurmctld.log'}",
        f"SlurmdLogFile={root / 'slurmd.log'}",
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "JobAcctGatherType=jobacct_gather/none",
        "AccountingStorageType=accounting_storage/none",
        "SchedulerType=sched/builtin",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_CPU",
        "ReturnToService=2",
        "MpiDefault=none",
        "KillWait=5",
        "MinJobAge=600",
        f"NodeName={NODE} NodeAddr=127.0.0.1 NodeHostname={host} CPUs={cpus} RealMemory=16000 State=UNKNOWN",
    ]
    for i, name in enumerate(partitions):
        lines.append(f"PartitionName={name} Nodes={NODE} Default={'YES' if i == 0 else 'NO'} MaxTime=12:00:00 State=UP")
    conf = root / "slurm.conf"
    conf.write_text("\n".join(lines) + "\n")
    env = dict(os.environ, SLURM_CONF=str(conf))
    processes: list[subprocess.Popen] = []
    try:
        processes.append(subprocess.Popen(
            ["/usr/sbin/munged", "--foreground", f"--key-file={key}", f"--socket={socket_path}",
             f"--pid-file={root / 'munge' / 'munged.pid'}", f"--log-file={root / 'munged.log'}",
             f"--seed-file={root / 'munge' / 'munged.seed'}", "--force"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait(socket_path.exists, 30, "munged", root)
        processes.append(subprocess.Popen(["/usr/sbin/slurmctld", "-D", "-i", "-f", str(conf)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=open(root / "slurmctld.stderr.log", "w")))
        processes.append(subprocess.Popen(["/usr/sbin/slurmd", "-D", "-N", NODE, "-f", str(conf)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=open(root / "slurmd.stderr.log", "w")))

        def idle() -> bool:
            for p in processes:
                if p.poll() is not None:
                    raise RuntimeError(f"{p.args[0]} exited with {p.returncode}\n" + "\n".join(
                        f"--- {f.name}\n" + f.read_text(errors='replace')[-2000:] for f in sorted(root.glob('*.log'))))
            out = subprocess.run(["sinfo", "-h", "-N", "-o", "%T"], env=env, capture_output=True, text=True).stdout.split()
            return bool(out) and all(s in ("idle", "mixed", "allocated") for s in out)

        _wait(idle, 90, "slurm node", root)
        yield Cluster(root, conf, processes, partitions)
    finally:
        # Jobs first, and only then the daemons: slurmd must be there to end a job's processes (slurmstepd and below).
        with contextlib.suppress(Exception):
            subprocess.run(["scancel", "--full", "-u", str(os.getuid())], env=env, capture_output=True, timeout=20)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and subprocess.run(["squeue", "-h", "-o", "%i"], env=env, capture_output=True, text=True, timeout=20).stdout.strip():
                time.sleep(0.5)
        for p in reversed(processes):
            with contextlib.suppress(ProcessLookupError):
                p.terminate()
        for p in reversed(processes):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
