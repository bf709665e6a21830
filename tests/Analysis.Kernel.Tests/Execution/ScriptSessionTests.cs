using Analysis.Kernel.Execution;

namespace Analysis.Kernel.Tests.Execution;

public class ScriptSessionTests
{
    private static Task<CellOutcome> Run(ScriptSession session, string code, int n = 1, CancellationToken token = default) =>
        session.RunAsync(code, n, token);

    [Fact]
    public async Task State_carries_from_cell_to_cell()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        Assert.True((await Run(session, "var x = 41;")).Succeeded);
        Assert.True((await Run(session, "int Twice(int v) => 2 * v;")).Succeeded);
        var outcome = await Run(session, "Twice(x + 1)");
        Assert.Equal(84, outcome.Value);
        Assert.True(outcome.HasValue);
    }

    [Fact]
    public async Task Top_level_await_and_default_usings_work()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        var outcome = await Run(session, "await Task.Delay(1); new List<int> { 1, 2, 3 }.Where(i => i > 1).Sum()");
        Assert.Equal(5, outcome.Value);
    }

    [Fact]
    public async Task A_statement_has_no_value()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        var outcome = await Run(session, "var y = 3;");
        Assert.False(outcome.HasValue);
        Assert.Null(outcome.Value);
    }

    [Fact]
    public async Task Compile_errors_carry_the_line_and_column_within_the_cell()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        var outcome = await Run(session, "var a = 1;\nvar b = a +;\n");
        var error = CellError.FromCompileErrors(outcome.CompileErrors);
        Assert.Equal("CompilationError", error.Name);
        Assert.StartsWith("(2,12): error CS1525", error.Value);
    }

    [Fact]
    public async Task Compile_errors_inside_loops_point_at_the_users_own_text()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        // The interruption rewrite inserts code into loop bodies; errors must not move.
        var outcome = await Run(session, "for (int i = 0; i < 3; i++) { undefinedName++; }");
        Assert.StartsWith("(1,31): error CS0103", CellError.FromCompileErrors(outcome.CompileErrors).Value);
    }

    [Fact]
    public async Task Exceptions_are_returned_with_a_trimmed_traceback_and_the_session_goes_on()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await Run(session, "var kept = 7;", 1);
        var outcome = await Run(session, "void Fail() => throw new InvalidOperationException(\"boom\");\nFail();", 2);
        var error = CellError.FromException(outcome.Exception!, session.CellOf);
        Assert.Equal("InvalidOperationException", error.Name);
        Assert.Equal("boom", error.Value);
        Assert.Equal("System.InvalidOperationException: boom", error.Traceback[0]);
        Assert.Contains(error.Traceback, l => l.Contains("Cell[2].Fail()") && l.EndsWith(", line 1"));
        Assert.DoesNotContain(error.Traceback, l => l.Contains("Microsoft.CodeAnalysis") || l.Contains("Analysis.Kernel."));
        Assert.Equal(8, (await Run(session, "kept + 1", 3)).Value);
    }

    [Fact]
    public async Task Variables_assigned_before_an_exception_are_kept()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await Run(session, "var n = 1;");
        await Run(session, "n = 5; throw new Exception(\"x\");");
        Assert.Equal(5, (await Run(session, "n")).Value);
    }

    [Fact]
    public async Task An_infinite_loop_stops_on_interrupt_and_earlier_variables_stay_usable()
    {
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        await Run(session, "var before = 10;");
        using var cts = new CancellationTokenSource();
        // Cells run synchronously until they await, as on the kernel's own thread; give the loop a thread.
        var running = Task.Run(() => Run(session, "long spins = 0; display(\"looping\"); while (true) { spins++; }", 2, cts.Token));
        // Interrupt only once the loop is reached, so the test cannot pass by cancelling a cell that never ran.
        await Started(frontEnd, running);
        cts.Cancel();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcome.Interrupted);
        Assert.Equal(11, (await Run(session, "before + 1", 3)).Value);
    }

    [Fact]
    public async Task Interrupt_reaches_loops_inside_methods_and_lambdas()
    {
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        using var cts = new CancellationTokenSource();
        var running = Task.Run(() => Run(session, "void Spin() { display(\"spinning\"); for (;;) ; }\nAction a = () => Spin();\na();", 1, cts.Token));
        await Started(frontEnd, running);
        cts.Cancel();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcome.Interrupted);
        Assert.Equal("spinning", Assert.Single(frontEnd.Displays).Bundle.PlainText?.Trim('"'));
    }

    [Fact]
    public async Task Interrupt_ends_a_cell_awaiting_something_that_ignores_the_token()
    {
        // No loop to check and nothing blocked on the thread: only the session's own wait sees the token.
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        await Run(session, "var kept = 41; var gate = new TaskCompletionSource();", 1);
        using var cts = new CancellationTokenSource();
        var running = Run(session, "display(\"waiting\"); await gate.Task;", 2, cts.Token);
        await Started(frontEnd, running);
        cts.Cancel();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(outcome.Interrupted);
        Assert.Equal(42, (await Run(session, "kept + 1", 3)).Value);
    }

    [Fact]
    public async Task An_abandoned_cell_finishing_later_leaves_the_session_as_later_cells_made_it()
    {
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        await Run(session, "var kept = 41; var gate = new TaskCompletionSource(); " +
            "var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);", 1);
        using var cts = new CancellationTokenSource();
        var running = Run(session, "display(\"waiting\"); await gate.Task; var late = 7; finished.SetResult();", 2, cts.Token);
        await Started(frontEnd, running);
        cts.Cancel();
        Assert.True((await running.WaitAsync(TimeSpan.FromSeconds(60))).Interrupted);

        Assert.True((await Run(session, "var after = 3;", 3)).Succeeded);
        // Lets the abandoned cell run to its end, and waits until it has.
        Assert.True((await Run(session, "gate.SetResult(); await finished.Task;", 4)).Succeeded);

        var sum = await Run(session, "kept + after", 5);
        Assert.True(sum.Succeeded, string.Join("; ", sum.CompileErrors));
        Assert.Equal(44, sum.Value);
        // What the abandoned cell declared is not part of the session.
        Assert.NotEmpty((await Run(session, "late", 6)).CompileErrors);
        Assert.DoesNotContain(session.SubmittedCells, c => c.Contains("var late"));
    }

    /// <summary>Waits until the cell has displayed something (it does so just before its loop), or fails if it ended first.</summary>
    private static async Task Started(RecordingFrontEnd frontEnd, Task<CellOutcome> running)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (frontEnd.Displays.Count == 0)
        {
            Assert.False(running.IsCompleted, "the cell ended before reaching its loop");
            await Task.Delay(10, patience.Token);
        }
    }

    [Fact]
    public async Task Display_goes_to_the_front_end()
    {
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        await Run(session, "display(42); var h = display(\"a\", \"d1\"); h.Update(\"b\"); clear_output();");
        Assert.Equal(3, frontEnd.Displays.Count);
        Assert.Equal("42", frontEnd.Displays[0].Bundle.PlainText);
        Assert.Equal(("d1", false), (frontEnd.Displays[1].Id, frontEnd.Displays[1].Update));
        Assert.Equal(("b", "d1", true), (frontEnd.Displays[2].Bundle.PlainText, frontEnd.Displays[2].Id, frontEnd.Displays[2].Update));
        Assert.Equal(1, frontEnd.Clears);
    }

    [Fact]
    public async Task Variables_list_the_latest_value_of_each_name()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await Run(session, "var a = 1; var b = \"x\";");
        await Run(session, "var a = 2.5;");
        var variables = session.Variables.ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal(2.5, variables["a"]);
        Assert.Equal("x", variables["b"]);
    }

    [Fact]
    public async Task Evaluate_does_not_change_the_session()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await Run(session, "var z = 3;");
        Assert.Equal(9, await session.EvaluateAsync("z * z"));
        await Assert.ThrowsAsync<Microsoft.CodeAnalysis.Scripting.CompilationErrorException>(() => session.EvaluateAsync("z +"));
        Assert.Equal(3, (await Run(session, "z")).Value);
    }

    [Fact]
    public async Task Types_outside_the_core_assemblies_are_found_on_first_use()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        await Run(session, "var a = 1;");
        var outcome = await Run(session, "new System.Net.Mail.MailAddress(\"ada@example.org\").Host", 2);
        Assert.Equal("example.org", outcome.Value);
        Assert.Equal(1, (await Run(session, "a", 3)).Value);
    }

    [Fact]
    public async Task A_misspelt_type_is_still_a_compile_error()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        var outcome = await Run(session, "var x = new Lisst<int>();");
        Assert.Contains("CS0246", CellError.FromCompileErrors(outcome.CompileErrors).Value);
    }
}
