"""The container image's content, verified without a container engine: mmdebstrap builds a clean Debian 12 root
filesystem (cached between runs, keyed by the package list), docker/install.sh runs inside it (chroot) from a build
context made by docker/prepare-context.sh, and a kernel started there as the unprivileged user answers jupyter_client
from outside, including `#r "nuget: ..."` of a pre-restored package with every network source unreachable.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from deploy_support import DOCKER, figure
from pyhelpers.kernel_fixture import execute, execute_ok, flush, running_kernel
from slurm_cluster import free_port

SUITE = "bookworm"
MIRROR = os.environ.get("ANALYSIS_DEBIAN_MIRROR", "http://deb.debian.org/debian")
# A dead proxy for every protocol: any attempt to reach a network package source fails at once.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
           "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}


def debian_packages() -> list[str]:
    lines = (DOCKER / "debian-packages.txt").read_text().splitlines()
    return [l.strip() for l in lines if l.strip() and not l.strip().startswith("#")]


def rootfs_tarball() -> Path:
    """mmdebstrap's Debian 12 root filesystem with the image's packages, built once per package list and mirror."""
    command = ["mmdebstrap", "--variant=minbase", "--include=" + ",".join(debian_packages()), SUITE]
    key = hashlib.sha256(json.dumps(command + [MIRROR]).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("ANALYSIS_ROOTFS_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "analysis" / "rootfs")
    tarball = cache / f"debian12-{key}.tar"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = tarball.with_suffix(f".{os.getpid()}.tmp")
        started = time.monotonic()
        run = subprocess.run(command + [str(partial), MIRROR], capture_output=True, text=True, timeout=1800)
        assert run.returncode == 0, f"mmdebstrap failed:\n{run.stderr[-3000:]}"
        partial.rename(tarball)
        figure("mmdebstrap Debian 12 root filesystem (uncached)", f"{time.monotonic() - started:.0f} s")
    for stale in cache.glob("debian12-*.tar"):
        if stale != tarball:
            stale.unlink()  # an old package list's tarball: nothing will use it again
    return tarball


def stop(process: subprocess.Popen) -> None:
    """Ends a process started with :func:`in_chroot` and everything in its process group.

    Not through unshare's --kill-child alone: the kernel's parent-death signal is cleared when chroot --userspec
    changes its user, so the process group (start_new_session) is what reaches it."""
    import signal
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 30)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait)
            # The group may outlive its leader for a moment.
            time.sleep(0.2)
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def in_chroot(root: Path, command: list[str], binds: dict[Path, str] | None = None, user: str | None = None,
              env: dict[str, str] | None = None) -> list[str]:
    """argv that runs ``command`` chrooted into ``root``, with /proc, /dev and ``binds`` mounted in a private mount
    namespace: the mounts disappear with the process, nothing is left mounted on the host."""
    mounts = [f"mount -t proc proc {root}/proc", f"mount --rbind /dev {root}/dev"]
    for source, target in (binds or {}).items():
        mounts.append(f"mkdir -p {root}{target} && mount --bind {source} {root}{target}")
    chroot = ["chroot"] + ([f"--userspec={user}"] if user else []) + [str(root), "/usr/bin/env", "-i"]
    chroot += [f"{k}={v}" for k, v in (env or {}).items()] + command
    script = " && ".join(mounts) + ' && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "--fork", "--kill-child=SIGTERM", "sh", "-c", script, "sh", *chroot]


@pytest.fixture(scope="module")
def image(analysis, tmp_path_factory):
    """The installed image's root filesystem (a temporary folder, removed afterwards)."""
    work = tmp_path_factory.mktemp("image")
    root = work / "rootfs"
    root.mkdir()
    started = time.monotonic()
    subprocess.run(["tar", "-xf", str(rootfs_tarball()), "-C", str(root)], check=True)
    context = work / "context"
    prepare = subprocess.run([str(DOCKER / "prepare-context.sh"), str(context), "--link"], env={**os.environ, "ANALYSIS_PUBLISHED": str(analysis.parent)},
                             capture_output=True, text=True, timeout=900)
    assert prepare.returncode == 0, prepare.stderr[-3000:]
    install = subprocess.run(in_chroot(root, ["sh", "/tmp/analysis-context/install.sh", "/tmp/analysis-context"], binds={context: "/tmp/analysis-context"},
                                       env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", **OFFLINE}),
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-3000:]
    figure("image build (extract cached root filesystem, context, install.sh)", f"{time.monotonic() - started:.0f} s")
    size = subprocess.run(["du", "-sm", "--exclude=proc", "--exclude=dev", str(root)], capture_output=True, text=True).stdout.split()[0]
    app = subprocess.run(["du", "-sm", str(root / "opt/analysis")], capture_output=True, text=True).stdout.split()[0]
    figure("image size (installed root filesystem)", f"{size} MB, of which /opt/analysis {app} MB")
    shutil.rmtree(context)
    yield root
    subprocess.run(["rm", "-rf", "--one-file-system", str(work)], check=False)  # faster than shutil.rmtree on 1.8 GB


JOVYAN_ENV = {"HOME": "/home/jovyan", "USER": "jovyan", "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


class ChrootKernel:
    """A kernel started inside the image from its own kernelspec, as jovyan, reached over TCP from outside."""

    def __init__(self, root: Path):
        spec = json.loads((root / "usr/share/jupyter/kernels/csharp-analysis/kernel.json").read_text())
        self.connection = root / "home/jovyan" / f"kernel-{uuid.uuid4().hex}.json"
        write_connection_file(str(self.connection), ip="127.0.0.1", key=uuid.uuid4().hex.encode())
        os.chown(self.connection, 1000, 100)
        inside = "/home/jovyan/" + self.connection.name
        argv = [a.replace("{connection_file}", inside) for a in spec["argv"]]
        self.started = time.monotonic()
        # Output to a file, not a pipe nobody reads (a full pipe would stop the kernel).
        self.log = self.connection.with_suffix(".log")
        self.process = subprocess.Popen(in_chroot(root, argv, user="1000:100", env={**JOVYAN_ENV, **OFFLINE, **spec["env"]}),
                                        stdout=open(self.log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
        self.client = BlockingKernelClient(connection_file=str(self.connection))
        self.client.load_connection_file()
        self.client.start_channels()
        # Not wait_for_ready: without a KernelManager it takes a heartbeat not yet answered for a dead kernel.
        deadline = time.monotonic() + 120
        sent = set()  # requests queue up until the kernel binds; the first reply may answer any of them
        while True:
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.log.read_text(errors="replace")[-3000:]
                self.close()
                raise AssertionError(f"the kernel in the image did not answer kernel_info (exit {self.process.returncode}):\n{output}")
            sent.add(self.client.kernel_info())
            try:
                if self.client.get_shell_msg(timeout=2)["parent_header"].get("msg_id") in sent:
                    break
            except queue.Empty:
                continue
        self.ready_after = time.monotonic() - self.started
        flush(self.client)

    def close(self):
        try:
            if self.process.poll() is None:
                self.client.shutdown()
                self.process.wait(timeout=20)
        except Exception:
            pass
        stop(self.process)
        self.client.stop_channels()
        self.connection.unlink(missing_ok=True)
        self.log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def image_kernel(image):
    kernel = ChrootKernel(image)
    yield kernel
    kernel.close()


def test_the_image_has_the_docker_stacks_user_work_folder_and_notebooks(image):
    passwd = {line.split(":")[0]: line.split(":") for line in (image / "etc/passwd").read_text().splitlines()}
    assert passwd["jovyan"][2:4] == ["1000", "100"] and passwd["jovyan"][5] == "/home/jovyan"
    work = image / "home/jovyan/work"
    assert work.is_dir() and (work.stat().st_uid, work.stat().st_gid) == (1000, 100)
    assert (work / "notebooks/01-quickstart.ipynb").is_file()
    spec = json.loads((image / "usr/share/jupyter/kernels/csharp-analysis/kernel.json").read_text())
    assert spec["env"]["DOTNET_ROOT"] == "/opt/analysis/dotnet"
    assert spec["env"]["ANALYSIS_KERNEL_NUGET_CONFIG"] == "/opt/analysis/nuget/nuget.config"


def test_a_kernel_in_the_image_runs_a_cell_as_the_unprivileged_user(image_kernel, kernel_name):
    run = execute_ok(image_kernel.client, 'System.Environment.UserName + " " + System.Environment.CurrentDirectory + " " + (6 * 7)', timeout=120)
    assert run.result["text/plain"].split(" ")[0] == "jovyan"
    assert run.result["text/plain"].endswith(" 42")
    # Kernel start inside the root filesystem against the same published kernel on the host (figures, not asserted).
    started = time.monotonic()
    with running_kernel(kernel_name):
        host = time.monotonic() - started
    figure("kernel start to kernel_info_reply, in the image root filesystem", f"{image_kernel.ready_after:.1f} s")
    figure("kernel start to kernel_info_reply, on the host", f"{host:.1f} s")


def test_nuget_of_a_pre_restored_package_works_with_the_network_unreachable(image_kernel):
    kc = image_kernel.client
    execute_ok(kc, '#r "nuget: MathNet.Numerics, 5.0.0"', timeout=300)
    gcd = execute_ok(kc, "MathNet.Numerics.Euclid.GreatestCommonDivisor(84L, 36L)")
    assert gcd.result["text/plain"] == "12"
    # A package that is not in the image's feed is reported, not fetched: the feed is the only source.
    missing = execute(kc, '#r "nuget: Humanizer.Core, 2.14.1"', timeout=300)
    assert missing.status == "error"
    assert "Humanizer.Core" in missing.reply["content"]["evalue"], missing.reply["content"]


def test_start_notebook_serves_the_work_folder_with_the_kernel(image):
    port = free_port()
    log = image.parent / "start-notebook.log"
    process = subprocess.Popen(in_chroot(image, ["/usr/local/bin/start-notebook.sh", "--NotebookApp.token=t0ken"], user="1000:100",
                                         env={**JOVYAN_ENV, **OFFLINE, "JUPYTER_PORT": str(port)}),
                               stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        from jupyter_rest import reachable, request
        deadline = time.monotonic() + 120
        while not reachable(f"http://127.0.0.1:{port}/api/status", "t0ken"):
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "start-notebook.sh did not answer"
            time.sleep(0.5)
        specs = request(f"http://127.0.0.1:{port}/api/kernelspecs", token="t0ken")
        assert "csharp-analysis" in specs["kernelspecs"]
        contents = request(f"http://127.0.0.1:{port}/api/contents", token="t0ken")
        assert [c["name"] for c in contents["content"]] == ["notebooks"]  # ~/work, as in the docker-stacks images
    finally:
        stop(process)
