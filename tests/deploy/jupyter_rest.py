"""Runs a C# cell in a kernel of a running Jupyter server through its REST API and kernel websocket, as a browser
front end does (used for servers started by Slurm jobs, Open OnDemand scripts and JupyterHub)."""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.error
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def request(url: str, method: str = "GET", body: dict | None = None, token: str | None = None, timeout: float = 30) -> dict | list:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers), timeout=timeout) as r:
        text = r.read()
        return json.loads(text) if text else {}


def reachable(url: str, token: str | None = None) -> bool:
    try:
        request(url, token=token, timeout=3)
        return True
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


async def _execute(ws_url: str, token: str, code: str, timeout: float) -> dict:
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}, connect_timeout=timeout, request_timeout=timeout))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex, "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    outcome = {"reply": None, "results": [], "streams": [], "errors": []}
    deadline = time.monotonic() + timeout
    idle = False
    while not (idle and outcome["reply"] is not None):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no complete answer to {code!r} within {timeout} s: {outcome}")
        raw = await asyncio.wait_for(ws.read_message(), remaining)
        if raw is None:
            raise ConnectionError(f"websocket closed while running {code!r}: {outcome}")
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_reply":
            outcome["reply"] = msg["content"]
        elif kind == "execute_result":
            outcome["results"].append(msg["content"]["data"])
        elif kind == "stream":
            outcome["streams"].append(msg["content"]["text"])
        elif kind == "error":
            outcome["errors"].append(msg["content"])
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
    ws.close()
    return outcome


def start_kernel(base_url: str, token: str, kernel_name: str = "csharp-analysis") -> str:
    """Starts a kernel through the server's REST API; returns its id."""
    return request(base_url + "api/kernels", "POST", {"name": kernel_name}, token)["id"]


def execute(base_url: str, token: str, kernel_id: str, code: str, timeout: float = 180) -> dict:
    """Runs ``code`` in a running kernel over its websocket: {"reply", "results" (data bundles), "streams", "errors"}."""
    ws_url = base_url.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels"
    return asyncio.run(_execute(ws_url, token, code, timeout))


def run_cell(base_url: str, token: str, code: str, kernel_name: str = "csharp-analysis", timeout: float = 180) -> dict:
    """Starts a kernel on the server at ``base_url`` (ending in /), runs ``code``, deletes the kernel."""
    kernel_id = start_kernel(base_url, token, kernel_name)
    try:
        return execute(base_url, token, kernel_id, code, timeout)
    finally:
        try:
            request(base_url + f"api/kernels/{kernel_id}", "DELETE", token=token)
        except (urllib.error.URLError, OSError):
            pass


def processes_mentioning(text: str, where: str = "cmdline") -> list[str]:
    """Command lines of running processes whose command line (or, with where="environ", environment) contains ``text``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            haystack = cmdline if where == "cmdline" else open(f"/proc/{pid}/environ", "rb").read().decode(errors="replace")
        except OSError:
            continue
        if text in haystack:
            found.append(f"{pid}: {cmdline}")
    return found
