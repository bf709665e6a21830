using Analysis.Kernel.Execution;

namespace Analysis.Kernel.Tests.Execution;

/// <summary>Measures the managed heap, so it runs alone: tests running beside it would allocate meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuringCollection
{
    public const string Name = "heap-measuring";
}

/// <summary>
/// A long session must not cost more per cell the longer it runs. Roslyn gives each submission the
/// previous submission's references plus those of its options, duplicates included, so a session
/// passing its whole reference list to every cell made cell N resolve (and keep) N copies of it.
/// </summary>
[Collection(HeapMeasuringCollection.Name)]
public class SessionMemoryTests
{
    private static Task<CellOutcome> Run(ScriptSession session, string code, int n) => session.RunAsync(code, n, CancellationToken.None);

    /// <summary>Every reference given to the submissions of the chain, in order (Roslyn's list for the last cell).</summary>
    private static List<Microsoft.CodeAnalysis.MetadataReference> ChainReferences(ScriptSession session)
    {
        var scripts = new List<Microsoft.CodeAnalysis.Scripting.Script>();
        for (var s = (Microsoft.CodeAnalysis.Scripting.Script?)session.State!.Script; s is not null; s = s.Previous) scripts.Add(s);
        return scripts.SelectMany(s => s.GetCompilation().References).ToList();
    }

    [Fact]
    public async Task Each_reference_is_given_to_one_submission_of_the_chain_however_long_the_session()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        Assert.True((await Run(session, "var a = 1;", 1)).Succeeded);
        Assert.True((await Run(session, "var b = a + 1;", 2)).Succeeded);
        int early = ChainReferences(session).Count;
        for (int i = 3; i <= 40; i++) Assert.True((await Run(session, $"var c{i} = b + {i};", i)).Succeeded);
        var references = ChainReferences(session);
        Assert.Equal(early, references.Count);
        Assert.Equal(references.Count, references.Distinct().Count());
        // and every reference of the session is among them
        Assert.All(session.Options.MetadataReferences, r => Assert.Contains(r, references));
        Assert.NotEmpty((await Run(session, "c41", 41)).CompileErrors); // never declared: names resolve as before
        Assert.Equal(42, (await Run(session, "c40", 42)).Value);
        Assert.Equal(6, (await Run(session, "new[] { 1, 2, 3 }.Sum()", 43)).Value); // System.Linq from the first submission's references
    }

    [Fact]
    public async Task References_added_later_reach_every_later_cell_once()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        Assert.True((await Run(session, "var x = 2;", 1)).Succeeded);
        int before = ChainReferences(session).Count;
        // A type outside the core assemblies: the session adds the whole framework and retries.
        var outcome = await Run(session, "var ws = new System.Net.WebSockets.ClientWebSocketOptions[0];", 2);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.CompileErrors));
        int after = ChainReferences(session).Count;
        Assert.True(after > before, "the framework's references were added");
        for (int i = 3; i <= 12; i++) Assert.True((await Run(session, $"var n{i} = ws.Length + x + {i};", i)).Succeeded);
        var references = ChainReferences(session);
        Assert.Equal(after, references.Count);
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.Equal(14, (await Run(session, "n12", 13)).Value);
    }

    [Fact]
    public async Task The_managed_heap_grows_by_little_more_than_the_data_the_cells_keep()
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        for (int i = 0; i < 60; i++) Assert.True((await Run(session, $"var w{i} = {i};", i)).Succeeded);
        long before = HeapAfterFullCollection();
        const int cells = 200;
        for (int i = 0; i < cells; i++) Assert.True((await Run(session, $"var v{i} = new int[1000];", 100 + i)).Succeeded);
        long after = HeapAfterFullCollection();
        // Each cell keeps 4,000 bytes of data, and Roslyn keeps its compilation (the next cell binds
        // against it: about 60 KB of symbols and syntax). Before the fix these cells kept 160-330 KB each.
        const long keptData = cells * 4_000L;
        const long compilerBudget = cells * 100_000L;
        Assert.True(after - before < keptData + compilerBudget,
            $"heap grew {(after - before) / 1024.0 / 1024:F1} MB over {cells} cells; the bound is {(keptData + compilerBudget) / 1024.0 / 1024:F1} MB");
        Assert.Equal(1000, (await Run(session, "v0.Length + v199.Length - 1000", 400)).Value);
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
