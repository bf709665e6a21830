"""Jupyter protocol conformance of the C# kernel, using jupyter_kernel_test (0.4.5).

The suite sends each kind of request and validates every reply and IOPub message against
the message specification (msgspec v5); the class attributes below give it C# samples.
"""

import os

import jupyter_kernel_test

from pyhelpers.kernel_fixture import KERNEL_NAME, execute_ok, start_kernel, stop_kernel


class CSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "csharp"
    file_extension = ".cs"

    @classmethod
    def setUpClass(cls):
        # The shared helper instead of the suite's own start_new_kernel: it gives the kernel a
        # private history file (test_history counts entries) and a generous startup timeout.
        cls.km, cls.kc = start_kernel(cls.kernel_name)
        # A variable from an earlier cell, for the completion sample that must find it.
        execute_ok(cls.kc, "var conformanceCounter = 1;")

    @classmethod
    def tearDownClass(cls):
        stop_kernel(cls.km, cls.kc)

    code_hello_world = 'Console.WriteLine("hello, world");'

    code_stderr = 'Console.Error.WriteLine("something went wrong");'

    completion_samples = [
        {"text": "Console.Wri", "matches": {"WriteLine", "Write"}},
        # declared by setUpClass in an earlier cell
        {"text": "conformanceCou", "matches": {"conformanceCounter"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "var x = 2;",
        'Console.WriteLine("done");',
        "for (int i = 0; i < 3; i++) { }",
    ]
    # Each needs more text and nothing in it is wrong yet: an open block, an open argument
    # list, a verbatim string (which may span lines, unlike a regular "..." literal).
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "Console.WriteLine(",
        'var s = @"abc',
        "int Square(int n)\n{\n    return n * n;",
    ]
    # Errors no further line can fix: a brace closing nothing, a name starting with a digit.
    invalid_code_samples = [
        "}",
        "int 1x = 2;",
    ]

    code_generate_error = 'throw new Exception("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".ToUpper()', "result": "ABC"},
        {"code": "1.5 + 1", "result": "2.5"},
        # a sequence of records is shown as an HTML table as well as text
        {"code": 'new[] { new { Name = "a", Age = 1 } }', "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'display("hello")', "mime": "text/plain"},
        {"code": 'display(new Dictionary<string, int> { ["a"] = 1 })', "mime": "text/html"},
        {"code": 'display(new Dictionary<string, int> { ["a"] = 1 })', "mime": "application/json"},
    ]

    # Glob, as in IPython: matches only "6 * 7" among the cells above.
    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Console.WriteLine"

    code_clear_output = "clear_output();"

    # The kernel has no pager payloads (IPython's `obj?`), so the suite's pager test, which
    # would only be skipped, is left out rather than reported as a skip.
    test_pager = None
