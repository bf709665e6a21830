"""Starting, talking to and stopping Jupyter kernels from the Python tests and the benchmark.

Every Python test module (and bench/kernel/bench_kernel.py) starts kernels through this
module, so the environment they run in (JUPYTER_PATH, a private history file) and the way
replies and IOPub output are collected are the same everywhere.

The kernelspec must be installed where Jupyter finds it, e.g.::

    src/Analysis.Cli/bin/Release/net10.0/analysis kernel install --prefix /tmp/py-prefix
    export JUPYTER_PATH=/tmp/py-prefix/share/jupyter
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterator

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

#: The kernelspec under test; ANALYSIS_KERNEL_NAME overrides it.
KERNEL_NAME = os.environ.get("ANALYSIS_KERNEL_NAME", "csharp-analysis")

#: Seconds a kernel may take from launch to its first kernel_info_reply (a cold .NET start
#: on a busy 2-core machine can take several seconds; ANALYSIS_KERNEL_STARTUP_TIMEOUT overrides).
STARTUP_TIMEOUT = float(os.environ.get("ANALYSIS_KERNEL_STARTUP_TIMEOUT", "120"))

#: Default wait for one reply.
REPLY_TIMEOUT = 30.0

_history_dir: str | None = None


def history_directory() -> str:
    """A private folder for the history files of the kernels this process starts."""
    global _history_dir
    if _history_dir is None:
        _history_dir = tempfile.mkdtemp(prefix="analysis-kernel-history-")
    return _history_dir


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a new kernel: ours, plus a fresh history file so tests never
    read or write the user's ~/.local/share/analysis-kernel/history.jsonl."""
    env = dict(os.environ)
    env["ANALYSIS_KERNEL_HISTORY"] = os.path.join(history_directory(), f"history-{uuid.uuid4().hex}.jsonl")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets ipykernel's debugger warning
    env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    if extra:
        env.update(extra)
    return env


def analysis_binary(name: str = KERNEL_NAME) -> str:
    """The published ``analysis`` command the installed kernelspec runs (test.sh publishes and installs it).

    kernel.json's argv starts a launcher script that checks for the .NET runtime and then execs the binary: the
    binary is read from that exec line, so tests run the command itself, not the launcher.
    """
    launcher = KernelSpecManager().get_kernel_spec(name).argv[0]
    with open(launcher, encoding="utf-8", errors="replace") as f:
        text = f.read()
    match = re.search(r"^exec '([^']+)'", text, re.MULTILINE)
    binary = match.group(1) if match else launcher
    if os.path.basename(binary) != "analysis" or not os.path.exists(binary):
        raise RuntimeError(f"kernelspec {name!r}: {launcher} does not run an analysis binary")
    return binary


def require_kernelspec(name: str = KERNEL_NAME) -> str:
    """The kernelspec's folder, or a RuntimeError that says how to install it."""
    try:
        return KernelSpecManager().get_kernel_spec(name).resource_dir
    except NoSuchKernel:
        raise RuntimeError(
            f"No Jupyter kernelspec named {name!r}. Install it into a private prefix and point "
            "JUPYTER_PATH at it:\n"
            "  src/Analysis.Cli/bin/Release/net10.0/analysis kernel install --prefix /tmp/py-prefix\n"
            "  JUPYTER_PATH=/tmp/py-prefix/share/jupyter /usr/bin/python3 -m pytest"
        ) from None


def start_kernel(name: str = KERNEL_NAME, timeout: float = STARTUP_TIMEOUT, env: dict[str, str] | None = None):
    """Launches a kernel and returns (KernelManager, BlockingKernelClient) once it answered
    kernel_info. The caller must call :func:`stop_kernel`."""
    require_kernelspec(name)
    km = KernelManager(kernel_name=name)
    km.start_kernel(env=env if env is not None else kernel_env())
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
    except BaseException:
        stop_kernel(km, kc)
        raise
    return km, kc


def stop_kernel(km: KernelManager, kc=None) -> None:
    """Stops the channels and the kernel process, politely first, whatever state it is in."""
    if kc is not None:
        with contextlib.suppress(Exception):
            kc.stop_channels()
    with contextlib.suppress(Exception):
        if km.has_kernel:
            km.shutdown_kernel(now=False)
    with contextlib.suppress(Exception):
        if km.has_kernel and km.is_alive():
            km.shutdown_kernel(now=True)


@contextlib.contextmanager
def running_kernel(name: str = KERNEL_NAME, timeout: float = STARTUP_TIMEOUT, env: dict[str, str] | None = None) -> Iterator[tuple[Any, Any]]:
    """``with running_kernel() as (km, kc): ...`` -- always shut down afterwards."""
    km, kc = start_kernel(name, timeout, env)
    try:
        yield km, kc
    finally:
        stop_kernel(km, kc)


# ---- messages ----


@dataclass
class Execution:
    """What one execute_request produced: its reply and the IOPub messages whose parent it is."""

    msg_id: str
    reply: dict
    iopub: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.reply["content"]["status"]

    @property
    def outputs(self) -> list[dict]:
        """IOPub messages other than status and execute_input, in arrival order."""
        return [m for m in self.iopub if m["msg_type"] not in ("status", "execute_input")]

    def of_type(self, msg_type: str) -> list[dict]:
        return [m for m in self.iopub if m["msg_type"] == msg_type]

    def stream(self, name: str = "stdout") -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def result(self) -> dict | None:
        """The execute_result's data bundle, or None."""
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"] if results else None

    @property
    def error(self) -> dict | None:
        errors = self.of_type("error")
        return errors[-1]["content"] if errors else None


def flush(kc, wait: float = 0.1) -> None:
    """Drops whatever is waiting on the shell, IOPub and stdin channels."""
    # The BlockingKernelClient's get_*_msg methods, not channel.get_msg: with jupyter_client 7
    # the channels' own get_msg is a coroutine.
    for get in (kc.get_shell_msg, kc.get_iopub_msg, kc.get_stdin_msg):
        while True:
            try:
                get(timeout=wait)
            except queue.Empty:
                break


def _reply(get, channel: str, msg_id: str, timeout: float) -> dict:
    """The reply to msg_id from one channel's getter; replies to other requests that arrive first are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no {channel} reply to {msg_id} within {timeout} s")
        try:
            msg = get(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def shell_reply(kc, msg_id: str, timeout: float = REPLY_TIMEOUT) -> dict:
    """The shell reply to msg_id; replies to other requests that arrive first are skipped."""
    return _reply(kc.get_shell_msg, "shell", msg_id, timeout)


def control_reply(kc, msg_id: str, timeout: float = REPLY_TIMEOUT) -> dict:
    """The control reply to msg_id."""
    return _reply(kc.get_control_msg, "control", msg_id, timeout)


def iopub_until_idle(kc, msg_id: str, timeout: float = REPLY_TIMEOUT) -> list[dict]:
    """IOPub messages whose parent is msg_id, up to and including its 'idle' status."""
    deadline = time.monotonic() + timeout
    collected = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no idle status for {msg_id} within {timeout} s; got {[m['msg_type'] for m in collected]}")
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        collected.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return collected


def wait_execution(kc, msg_id: str, timeout: float = REPLY_TIMEOUT) -> Execution:
    """Waits for the reply and the idle status of an execute_request already sent."""
    reply = shell_reply(kc, msg_id, timeout)
    return Execution(msg_id, reply, iopub_until_idle(kc, msg_id, timeout))


def execute(kc, code: str, timeout: float = REPLY_TIMEOUT, **kwargs) -> Execution:
    """Runs a cell and returns its reply with all the IOPub output it produced."""
    return wait_execution(kc, kc.execute(code, **kwargs), timeout)


def execute_ok(kc, code: str, timeout: float = REPLY_TIMEOUT, **kwargs) -> Execution:
    """Runs a cell that must succeed; the assertion message carries the kernel's error."""
    run = execute(kc, code, timeout, **kwargs)
    assert run.status == "ok", f"cell failed: {code!r}: {run.reply['content'].get('ename')}: {run.reply['content'].get('evalue')}"
    return run


def request(kc, msg_type: str, content: dict | None = None, channel: str = "shell", timeout: float = REPLY_TIMEOUT) -> dict:
    """Sends any request on shell or control and returns its reply."""
    msg = kc.session.msg(msg_type, content or {})
    if channel == "control":
        kc.control_channel.send(msg)
        return control_reply(kc, msg["header"]["msg_id"], timeout)
    kc.shell_channel.send(msg)
    return shell_reply(kc, msg["header"]["msg_id"], timeout)
