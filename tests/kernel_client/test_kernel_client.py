"""Behaviour of the C# kernel seen from a Jupyter client (jupyter_client's BlockingKernelClient
and raw ZeroMQ sockets): interrupts, message signing, stdin, errors, NuGet references,
IOPub ordering and timing, output limits, display updates, silent runs, user expressions,
shutdown/restart, control-channel requests and history.

Most tests share one kernel (the module-scoped ``kernel`` fixture in tests/conftest.py);
each gets its client through ``kc``, which drains what earlier tests left on the channels.
"""

import hashlib
import hmac
import queue
import time
import uuid

import pytest
import zmq
from jupyter_client.session import Session

from pyhelpers.kernel_fixture import (
    REPLY_TIMEOUT,
    control_reply,
    execute,
    execute_ok,
    flush,
    iopub_until_idle,
    request,
    shell_reply,
    wait_execution,
)

# How long a request the kernel must ignore is watched for a reply.
IGNORED_WAIT = 1.5
# An interrupted cell must end within this many seconds of the interrupt.
INTERRUPT_DEADLINE = 5.0


# ---- (a) interrupts ----


def wait_for_output(kc, msg_id: str, text: str, timeout: float = REPLY_TIMEOUT) -> None:
    """Reads IOPub until the cell msg_id has printed text on stdout (its other messages are dropped)."""
    deadline = time.monotonic() + timeout
    seen = ""
    while text not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"the cell never printed {text!r}"
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            seen += msg["content"]["text"]


@pytest.mark.parametrize(
    "code",
    [
        "while (true) { }",
        "void Spin() { for (;;) { } }\nSpin();",
        "System.Threading.Thread.Sleep(60000);",
        "await Task.Delay(60000);",
    ],
    ids=["while-true", "loop-in-local-function", "thread-sleep", "await-delay"],
)
def test_interrupt_stops_a_running_cell_and_keeps_state(kernel, code):
    km, kc = kernel
    flush(kc)
    execute_ok(kc, "var kept = 41;")

    # The cell says when it has started, so the interrupt provably reaches running code, not a cell still compiling.
    msg_id = kc.execute('Console.WriteLine("started");\n' + code)
    wait_for_output(kc, msg_id, "started")
    with pytest.raises(queue.Empty):
        kc.get_shell_msg(timeout=0.01)  # still running: no reply yet
    km.interrupt_kernel()
    # The cells run forever (or a minute) unless interrupted, so a reply within the deadline is the interrupt's doing.
    run = wait_execution(kc, msg_id, timeout=INTERRUPT_DEADLINE)

    assert run.status == "error"
    assert run.reply["content"]["ename"] == "KernelInterrupted"
    assert run.error is not None and run.error["ename"] == "KernelInterrupted"

    after = execute_ok(kc, "kept + 1")
    assert after.result["text/plain"] == "42"


def test_interrupt_while_waiting_for_input(kernel):
    km, kc = kernel
    flush(kc)
    msg_id = kc.execute("var never = Console.ReadLine();", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=10)["msg_type"] == "input_request"
    km.interrupt_kernel()
    run = wait_execution(kc, msg_id, timeout=INTERRUPT_DEADLINE)
    assert run.status == "error"
    assert run.reply["content"]["ename"] == "KernelInterrupted"
    assert execute_ok(kc, "2 + 2").result["text/plain"] == "4"


# Cells that await: only the kernel's wait, which observes the cell's token, can end them (no loop
# checks it, and the kernel thread is not blocked in them). Under load an interrupt used to be lost
# when it came before the kernel thread reached its wait, and the cell then ran its whole minute.
AWAITING_CELLS = [
    "await Task.Delay(60000);",
    "await new TaskCompletionSource().Task;",
    "await Task.Run(() => System.Threading.Thread.Sleep(60000));",
    "System.Threading.Thread.Sleep(1);\nawait Task.Delay(60000);",
    "for (var i = 0; ; i++) await Task.Delay(1);",
]


def wait_for_execute_input(kc, msg_id: str, timeout: float = REPLY_TIMEOUT) -> None:
    """Reads IOPub until the kernel has taken up the cell (its execute_input); it may still be compiling."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "the kernel never took up the cell"
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


@pytest.mark.parametrize("moment", ["while-compiling-or-starting", "after-first-output"])
def test_repeated_interrupts_of_awaiting_cells_leave_a_working_kernel(kernel, moment):
    km, kc = kernel
    flush(kc)
    execute_ok(kc, "var keptAcrossInterrupts = 41;")
    for _ in range(2):
        for body in AWAITING_CELLS:
            msg_id = kc.execute('Console.WriteLine("started");\n' + body)
            if moment == "after-first-output":
                wait_for_output(kc, msg_id, "started")
            else:
                wait_for_execute_input(kc, msg_id)
            km.interrupt_kernel()
            run = wait_execution(kc, msg_id, timeout=INTERRUPT_DEADLINE)
            assert run.reply["content"]["ename"] == "KernelInterrupted", (body, run.reply["content"])
    # Every request kind still answers: a cell, input from stdin, a control request.
    assert execute_ok(kc, "keptAcrossInterrupts + 1").result["text/plain"] == "42"
    msg_id = kc.execute("var line = Console.ReadLine();", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=REPLY_TIMEOUT)["msg_type"] == "input_request"
    kc.input("typed")
    assert wait_execution(kc, msg_id).status == "ok"
    assert request(kc, "kernel_info_request", channel="control")["content"]["status"] == "ok"


def test_an_interrupted_cell_finishing_later_changes_nothing_in_later_cells(kernel):
    km, kc = kernel
    flush(kc)
    execute_ok(kc, "var keptBeforeLate = 1; var lateGate = new TaskCompletionSource(); "
               "var lateDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);")
    msg_id = kc.execute('Console.WriteLine("started");\nawait lateGate.Task;\n'
                        'Console.WriteLine("LATE"); display("LATE"); var declaredLate = 1;\nlateDone.SetResult();')
    wait_for_output(kc, msg_id, "started")
    km.interrupt_kernel()
    assert wait_execution(kc, msg_id, timeout=INTERRUPT_DEADLINE).reply["content"]["ename"] == "KernelInterrupted"

    # This cell lets the abandoned one run to its end, and waits until it has.
    later = execute_ok(kc, 'lateGate.SetResult(); await lateDone.Task; Console.WriteLine("mine");')
    assert later.stream() == "mine\n"
    assert later.of_type("display_data") == []
    assert execute(kc, "declaredLate").status == "error"
    assert execute_ok(kc, "keptBeforeLate + 1").result["text/plain"] == "2"


# ---- (b) message signing ----


def _connection(km):
    info = km.get_connection_info()
    return f"{info['transport']}://{info['ip']}:{info['shell_port']}"


def _hmac(key: bytes, frames):
    h = hmac.new(key, digestmod=hashlib.sha256)
    for f in frames:
        h.update(f)
    return h.hexdigest().encode()


def _execute_msg(session: Session, code: str) -> dict:
    return session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True,
    })


def _forged_frames(kind: str, good: Session, code: str):
    """Frames of an execute_request the kernel must drop, and the msg_id inside (if any)."""
    msg = _execute_msg(good, code)
    msg_id = msg["header"]["msg_id"]
    delim, signature, header, parent, metadata, content = good.serialize(msg)
    if kind == "wrong-key":
        impostor = Session(key=b"not-the-kernel-key", signature_scheme="hmac-sha256", session=good.session)
        return impostor.serialize(msg), msg_id
    if kind == "tampered-signature":
        flipped = bytes([signature[0] ^ 0x01]) + signature[1:]
        return [delim, flipped, header, parent, metadata, content], msg_id
    if kind == "tampered-content":
        changed = content.replace(code.encode(), code.replace("1", "2").encode())
        assert changed != content
        return [delim, signature, header, parent, metadata, changed], msg_id
    if kind == "unsigned":
        return [delim, b"", header, parent, metadata, content], msg_id
    if kind == "garbage":
        return [b"\x00\xff not a jupyter message", b"{{{", b"\x01\x02\x03"], None
    if kind == "signed-invalid-json":
        bad_content = b'{"code": "1 +'
        frames = [header, parent, metadata, bad_content]
        return [delim, _hmac(good.key, frames), *frames], msg_id
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["wrong-key", "tampered-signature", "tampered-content", "unsigned", "garbage", "signed-invalid-json"]
)
def test_badly_signed_or_malformed_message_is_ignored(kernel, kind):
    """The kernel drops what it cannot verify (no reply, no IOPub, no execution) and goes on
    answering well-signed requests from the same connection."""
    km, kc = kernel
    flush(kc)
    good = Session(key=kc.session.key, signature_scheme=kc.session.signature_scheme, username="forger")
    marker = "forged_" + uuid.uuid4().hex[:8]
    forged_code = f"var {marker} = 1;"

    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.IDENTITY, uuid.uuid4().hex.encode())
    sock.connect(_connection(km))
    try:
        frames, forged_id = _forged_frames(kind, good, forged_code)
        sock.send_multipart(frames)
        assert sock.poll(int(IGNORED_WAIT * 1000)) == 0, f"the kernel answered a {kind} message"

        # The same connection, a correctly signed request: answered.
        probe = _execute_msg(good, f"{marker}")
        good.send(sock, probe)
        assert sock.poll(int(30 * 1000)) != 0, "no reply to a correctly signed request"
        _, reply = good.feed_identities(sock.recv_multipart(), copy=True)
        reply = good.deserialize(reply)
        assert reply["parent_header"]["msg_id"] == probe["header"]["msg_id"]
        # ...and the forged cell never ran, so its variable does not exist.
        assert reply["content"]["status"] == "error"
        assert "CS0103" in reply["content"]["evalue"] and marker in reply["content"]["evalue"]
    finally:
        sock.close()

    # Nothing was published on IOPub on behalf of the forged request.
    if forged_id is not None:
        seen = []
        while True:
            try:
                seen.append(kc.get_iopub_msg(timeout=0.2))
            except queue.Empty:
                break
        assert not [m for m in seen if m["parent_header"].get("msg_id") == forged_id]

    # The regular client still works too.
    assert execute_ok(kc, "1 + 1").result["text/plain"] == "2"


# ---- (c) stdin ----


def test_console_readline_is_answered_over_stdin(kc):
    msg_id = kc.execute('var name = Console.ReadLine(); Console.WriteLine("hi " + name);', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=15)
    assert req["msg_type"] == "input_request"
    assert req["content"]["password"] is False
    assert req["parent_header"]["msg_id"] == msg_id
    kc.input("Ada")
    run = wait_execution(kc, msg_id)
    assert run.status == "ok"
    assert run.stream("stdout") == "hi Ada\n"
    assert execute_ok(kc, "name").result["text/plain"] == "Ada"


def test_input_and_getpass_send_their_prompt(kc):
    msg_id = kc.execute('var who = input("Name? "); var secret = getpass("Key: "); who + "/" + secret', allow_stdin=True)
    first = kc.get_stdin_msg(timeout=15)
    assert first["content"] == {"prompt": "Name? ", "password": False}
    kc.input("Grace")
    second = kc.get_stdin_msg(timeout=15)
    assert second["content"] == {"prompt": "Key: ", "password": True}
    kc.input("s3cret")
    run = wait_execution(kc, msg_id)
    assert run.status == "ok"
    assert run.result["text/plain"] == "Grace/s3cret"


def test_readline_without_stdin_is_a_clear_error(kc):
    run = execute(kc, "var nope = Console.ReadLine();", allow_stdin=False)
    assert run.status == "error"
    assert "allow_stdin" in run.reply["content"]["evalue"]
    with pytest.raises(queue.Empty):
        kc.get_stdin_msg(timeout=0.3)  # it did not ask anyway
    assert execute_ok(kc, "3 * 3").result["text/plain"] == "9"


# ---- (d) errors ----


def test_request_with_a_mistyped_field_gets_an_error_reply_naming_it(kc):
    msg_id = kc.execute("")  # a well-formed request to copy the shape of
    shell_reply(kc, msg_id)
    bad = kc.session.msg("execute_request", {"code": 42, "silent": False})
    kc.shell_channel.send(bad)
    reply = shell_reply(kc, bad["header"]["msg_id"])
    assert reply["content"]["status"] == "error"
    assert "content.code must be a string" in reply["content"]["evalue"]

    bad = kc.session.msg("complete_request", {"code": "Console.", "cursor_pos": "end"})
    kc.shell_channel.send(bad)
    reply = shell_reply(kc, bad["header"]["msg_id"])
    assert reply["msg_type"] == "complete_reply" and reply["content"]["status"] == "error"
    assert "content.cursor_pos must be a number" in reply["content"]["evalue"]

    assert execute_ok(kc, "20 + 22").result["text/plain"] == "42"


def test_exception_then_a_working_cell(kc):
    failing = execute(kc, 'var before = 5;\nthrow new InvalidOperationException("boom");')
    assert failing.status == "error"
    content = failing.reply["content"]
    assert content["ename"] == "InvalidOperationException"
    assert content["evalue"] == "boom"
    count = content["execution_count"]
    # the traceback names the cell and the line the throw is on
    tb = "\n".join(content["traceback"])
    assert f"Cell[{count}], line 2" in tb
    assert failing.error["ename"] == "InvalidOperationException"

    working = execute_ok(kc, "before * 2")
    assert working.result["text/plain"] == "10"  # assigned before the throw, so kept
    assert working.reply["content"]["execution_count"] == count + 1


def test_compile_error_reports_line_and_column(kc):
    run = execute(kc, 'var a = 1;\nint b = "text";')
    assert run.status == "error"
    content = run.reply["content"]
    assert content["ename"] == "CompilationError"
    assert content["evalue"].startswith("(2,9): error CS0029")
    assert run.error["evalue"] == content["evalue"]
    # a cell that did not compile declared nothing
    later = execute(kc, "a")
    assert later.status == "error" and "CS0103" in later.reply["content"]["evalue"]


def test_queued_cells_are_aborted_after_an_error(kc):
    failing = kc.execute('throw new Exception("first fails");')
    queued = kc.execute("var shouldNotRun = 1;")
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    assert shell_reply(kc, queued)["content"]["status"] == "aborted"
    flush(kc)
    assert execute(kc, "shouldNotRun").status == "error"


def test_unknown_magic_is_an_error(kc):
    run = execute(kc, "#!nosuchmagic\n1 + 1")
    assert run.status == "error"
    assert "nosuchmagic" in run.reply["content"]["evalue"]


def test_magics(kc):
    listed = execute_ok(kc, "#!lsmagic").stream()
    for name in ("#!time", "#!who", "#!whos", "#!lsmagic"):
        assert name in listed
    timed = execute_ok(kc, "#!time\nvar magicValue = 6 * 7;\nmagicValue")
    assert "Wall time" in timed.stream()
    assert timed.result["text/plain"] == "42"
    assert "magicValue" in execute_ok(kc, "#!who").stream().split()
    whos = execute_ok(kc, "#!whos").stream()
    line = next(l for l in whos.splitlines() if l.startswith("magicValue"))
    assert line.split()[1:] == ["int", "42"]


# ---- (e) NuGet ----


def test_nuget_package_reference(kc):
    # NodaTime: small, pure managed, and not something the kernel itself loads.
    ref = execute(kc, '#r "nuget: NodaTime, 3.3.7"', timeout=240)
    assert ref.status == "ok", ref.reply["content"].get("evalue")
    run = execute_ok(kc, "using NodaTime;\nvar leap = new LocalDate(2024, 2, 29);\n(leap.PlusYears(1).Day, typeof(LocalDate).Assembly.Location)")
    day, location = run.result["text/plain"].strip("()").split(", ", 1)
    assert day == "28"
    assert "nodatime" in location.lower() and "3.3.7" in location

    again = execute(kc, '#r "nuget: NodaTime, 3.3.7"')
    assert again.status == "ok"


def test_nuget_unknown_package_is_a_clear_error_and_the_kernel_goes_on(kc):
    missing = execute(kc, '#r "nuget: Analysis.NoSuchPackage.Anywhere, 1.0.0"', timeout=240)
    assert missing.status == "error"
    assert "Analysis.NoSuchPackage.Anywhere" in missing.reply["content"]["evalue"]
    assert execute_ok(kc, "1 + 2").result["text/plain"] == "3"


# ---- (f) IOPub: status, ordering, timing, limits, displays ----


def test_busy_idle_and_execute_input(kc):
    first = execute_ok(kc, "var statusCheck = 1;")
    second = execute_ok(kc, "statusCheck + 1")
    for run, code in ((first, "var statusCheck = 1;"), (second, "statusCheck + 1")):
        types = [m["msg_type"] for m in run.iopub]
        assert run.iopub[0]["msg_type"] == "status" and run.iopub[0]["content"]["execution_state"] == "busy"
        assert run.iopub[-1]["msg_type"] == "status" and run.iopub[-1]["content"]["execution_state"] == "idle"
        assert types.count("status") == 2
        inputs = run.of_type("execute_input")
        assert len(inputs) == 1 and types.index("execute_input") == 1
        assert inputs[0]["content"]["code"] == code
        assert inputs[0]["content"]["execution_count"] == run.reply["content"]["execution_count"]
    assert second.reply["content"]["execution_count"] == first.reply["content"]["execution_count"] + 1
    assert second.of_type("execute_result")[0]["content"]["execution_count"] == second.reply["content"]["execution_count"]

    # Other requests are wrapped in busy/idle too.
    msg_id = kc.kernel_info()
    shell_reply(kc, msg_id)
    states = [m["content"]["execution_state"] for m in iopub_until_idle(kc, msg_id) if m["msg_type"] == "status"]
    assert states == ["busy", "idle"]


def test_output_order_is_kept(kc):
    code = (
        'Console.WriteLine("one");\n'
        'display("two");\n'
        'Console.WriteLine("three");\n'
        'Console.Error.WriteLine("four");\n'
        'display("five");\n'
        'Console.WriteLine("six");\n'
        '"seven"'
    )
    run = execute_ok(kc, code)
    seen = []
    for m in run.outputs:
        if m["msg_type"] == "stream":
            seen.extend(m["content"]["text"].split())
        elif m["msg_type"] in ("display_data", "execute_result"):
            seen.append(m["content"]["data"]["text/plain"])
    assert seen == ["one", "two", "three", "four", "five", "six", "seven"]
    assert [m["msg_type"] for m in run.outputs][-1] == "execute_result"


def test_stream_output_arrives_while_the_cell_runs(kc):
    msg_id = kc.execute('Console.WriteLine("first");\nThread.Sleep(300);\nConsole.WriteLine("second");')
    first_stream_at = reply_at = None
    first_text = None
    deadline = time.monotonic() + 30
    while reply_at is None and time.monotonic() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=0.005)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream" and first_stream_at is None:
                first_stream_at, first_text = time.monotonic(), m["content"]["text"]
        except queue.Empty:
            pass
        try:
            m = kc.get_shell_msg(timeout=0.005)
            if m["parent_header"].get("msg_id") == msg_id:
                reply_at = time.monotonic()
        except queue.Empty:
            pass
    assert reply_at is not None, "no execute_reply"
    assert first_stream_at is not None, "no stream before the reply"
    assert first_text == "first\n"
    # the cell sleeps 300 ms between the lines; ~100 ms of slack for a loaded machine
    assert reply_at - first_stream_at >= 0.2


def test_huge_output_is_truncated_and_the_kernel_still_answers(kc):
    run = execute(kc, "Console.Write(new string('x', 2_000_000));", timeout=60)
    assert run.status == "ok"
    text = run.stream("stdout")
    assert "[output truncated" in text
    assert text.count("x") <= 1_000_000
    assert len(text) < 1_100_000
    # a huge result is cut too, with its own marker
    result = execute_ok(kc, "new string('z', 2_000_000)", timeout=60).result["text/plain"]
    assert "[output truncated" in result and len(result) < 1_100_000
    assert execute_ok(kc, "1 + 1").result["text/plain"] == "2"
    # the limit is per cell: the next cell's output is whole
    assert execute_ok(kc, 'Console.Write(new string(\'y\', 1000));').stream() == "y" * 1000


def test_display_update_by_id(kc):
    run = execute_ok(
        kc,
        'var handle = display("first", "progress-1");\n'
        'handle.Update("second");\n'
        'update_display("third", "progress-1");',
    )
    shown = run.of_type("display_data")
    updates = run.of_type("update_display_data")
    assert [m["content"]["data"]["text/plain"] for m in shown] == ["first"]
    assert shown[0]["content"]["transient"]["display_id"] == "progress-1"
    assert [m["content"]["data"]["text/plain"] for m in updates] == ["second", "third"]
    assert all(m["content"]["transient"]["display_id"] == "progress-1" for m in updates)
    assert run.result is None  # the handle is not echoed as a result

    # a later cell updates the earlier cell's display
    later = execute_ok(kc, 'handle.Update("fourth");')
    assert [m["content"]["transient"]["display_id"] for m in later.of_type("update_display_data")] == ["progress-1"]


def test_clear_output(kc):
    run = execute_ok(kc, 'Console.WriteLine("gone"); clear_output(wait: true); Console.WriteLine("kept");')
    types = [m["msg_type"] for m in run.outputs]
    assert types == ["stream", "clear_output", "stream"]
    assert run.of_type("clear_output")[0]["content"] == {"wait": True}


def test_rich_formatting(kc):
    table = execute_ok(
        kc,
        'record Sample(string Id, int Age);\nnew List<Sample> { new("s1", 40), new("s2", 61) }',
    ).result
    html = table["text/html"]
    assert "<th>Id</th><th>Age</th>" in html
    assert "<td>s1</td><td>40</td>" in html and "<td>s2</td><td>61</td>" in html

    shown = execute_ok(kc, 'display(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 })').of_type("display_data")[0]
    assert shown["content"]["data"]["application/json"] == {"a": 1, "b": 2}
    # dictionaries get the key/value table, not the generic sequence one
    assert "<th><i>key</i></th>" in shown["content"]["data"]["text/html"]
    assert "<td>a</td><td>1</td>" in shown["content"]["data"]["text/html"]

    # a formatter registered by the user wins over the built-in text/plain
    custom = execute_ok(
        kc,
        'record Dose(double Mg);\nFormatters.Register<Dose>("text/plain", d => $"{d.Mg} mg");\nnew Dose(2.5)',
    ).result
    assert custom["text/plain"] == "2.5 mg"


def test_silent_execution(kc):
    before = execute_ok(kc, "var silentProbe = 1;").reply["content"]["execution_count"]
    run = execute(kc, "silentProbe = 2;\nsilentProbe * 100", silent=True)
    assert run.status == "ok"
    types = [m["msg_type"] for m in run.iopub]
    assert "execute_input" not in types and "execute_result" not in types
    assert types == ["status", "status"]
    after = execute_ok(kc, "silentProbe")
    assert after.result["text/plain"] == "2"  # it did run
    assert after.reply["content"]["execution_count"] == before + 1  # without taking a number


def test_user_expressions(kc):
    run = execute_ok(
        kc,
        "var ue = 21;",
        user_expressions={"double": "ue * 2", "text": '"v" + ue', "broken": "no_such_name + 1"},
    )
    ue = run.reply["content"]["user_expressions"]
    assert ue["double"]["status"] == "ok" and ue["double"]["data"]["text/plain"] == "42"
    assert ue["text"]["data"]["text/plain"] == "v21"
    assert ue["broken"]["status"] == "error"
    assert "no_such_name" in ue["broken"]["evalue"]


# ---- control channel, history, shutdown ----


def test_kernel_info_on_control(kc):
    reply = request(kc, "kernel_info_request", channel="control")
    content = reply["content"]
    assert reply["msg_type"] == "kernel_info_reply"
    assert content["status"] == "ok"
    assert content["protocol_version"].startswith("5.")
    assert content["language_info"]["name"] == "csharp"
    assert content["language_info"]["file_extension"] == ".cs"


def test_kernel_info_on_control_while_a_cell_runs(kc):
    # The cell waits for input, so it is provably still running when the control reply comes: nothing about timing.
    msg_id = kc.execute("var answer = Console.ReadLine();", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=REPLY_TIMEOUT)["msg_type"] == "input_request"
    reply = request(kc, "kernel_info_request", channel="control")
    assert reply["content"]["status"] == "ok"
    with pytest.raises(queue.Empty):
        kc.get_shell_msg(timeout=0.01)  # the cell has not finished: control was not queued behind it
    kc.input("done")
    assert wait_execution(kc, msg_id).status == "ok"


def test_history_tail(kc):
    cells = [f"var h{i} = {i} * 11;\nh{i}" for i in range(3)]
    for c in cells:
        execute_ok(kc, c)
    history = request(kc, "history_request", {"hist_access_type": "tail", "n": 3, "raw": True, "output": True})["content"]["history"]
    assert [entry[2][0] for entry in history] == cells
    assert [entry[2][1] for entry in history] == ["0", "11", "22"]
    lines = [entry[1] for entry in history]
    assert lines == list(range(lines[0], lines[0] + 3))
    plain = request(kc, "history_request", {"hist_access_type": "tail", "n": 2, "raw": True, "output": False})["content"]["history"]
    assert [entry[2] for entry in plain] == cells[1:]


def test_restart_and_shutdown(fresh_kernel):
    km, kc = fresh_kernel
    execute_ok(kc, "var beforeRestart = 1;")

    km.restart_kernel(now=False)  # shutdown_request(restart=True), then a new process
    kc.wait_for_ready(timeout=60)
    flush(kc)
    gone = execute(kc, "beforeRestart")
    assert gone.status == "error" and "CS0103" in gone.reply["content"]["evalue"]
    assert gone.reply["content"]["execution_count"] == 1
    # history survives in the same file, as a new session
    tail = request(kc, "history_request", {"hist_access_type": "tail", "n": 2, "raw": True, "output": False})["content"]["history"]
    assert tail[0][2] == "var beforeRestart = 1;" and tail[1][2] == "beforeRestart"
    assert tail[1][0] == tail[0][0] + 1

    msg_id = kc.shutdown(restart=True)
    reply = control_reply(kc, msg_id, timeout=10)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"] == {"status": "ok", "restart": True}
    deadline = time.monotonic() + 10
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not km.is_alive(), "the kernel process did not exit after shutdown_request"
