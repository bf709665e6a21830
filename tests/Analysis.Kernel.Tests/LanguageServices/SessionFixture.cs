using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;
using Analysis.Kernel.LanguageServices;

namespace Analysis.Kernel.Tests.LanguageServices;

/// <summary>A real script session that has run a few cells, and a warmed-up language service over it.</summary>
public sealed class SessionFixture : IAsyncLifetime
{
    public static readonly string[] Cells =
    [
        "var patients = new List<string>();",
        "int x = 42;",
        "int Square(int n) => n * n;",
    ];

    public ScriptSession Session { get; private set; } = null!;

    public LanguageService Language { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Session, Language) = await StartAsync(Cells);
        await Language.WarmUp;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new session that has run <paramref name="cells"/>, and a language service over it.</summary>
    public static async Task<(ScriptSession, LanguageService)> StartAsync(params string[] cells)
    {
        var (session, _) = RecordingFrontEnd.NewSession();
        var language = new LanguageService(session);
        for (int i = 0; i < cells.Length; i++)
            await RunAsync(session, cells[i], i + 1);
        return (session, language);
    }

    public static async Task RunAsync(ScriptSession session, string code, int cellNumber)
    {
        var outcome = await session.RunAsync(code, cellNumber, CancellationToken.None);
        Assert.True(outcome.Succeeded, $"cell {cellNumber} failed: {string.Join("; ", outcome.CompileErrors)} {outcome.Exception}");
    }
}

[CollectionDefinition(Name)]
public sealed class SessionCollection : ICollectionFixture<SessionFixture>
{
    public const string Name = "language services over a session";
}
