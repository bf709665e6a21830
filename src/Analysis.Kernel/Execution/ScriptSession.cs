using System.Collections.Immutable;
using Analysis.Kernel.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Analysis.Kernel.Execution;

/// <summary>
/// A C# scripting session: each cell is a Roslyn submission that continues the previous
/// one, so variables, types and usings carry from cell to cell, and top-level
/// <c>await</c> works.
/// </summary>
public sealed class ScriptSession
{
    /// <summary>Namespaces every cell can use without a using directive.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks",
        "System.IO", "System.Text", "Analysis.Kernel", "Analysis.Kernel.Display",
    ];

    /// <summary>Parse options for cells: latest C#, script kind.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    private readonly object _globals;
    private readonly Dictionary<string, int> _cellBySubmission = new(StringComparer.Ordinal);
    private readonly List<string> _submittedCells = [];
    private readonly Lock _gate = new();
    private ScriptOptions _options;
    private bool _wholeFramework;
    private Task<ScriptState<object>>? _start;
    private volatile ScriptState<object>? _state;
    // The references some submission of the current chain already carries (see ContinuationOptions).
    private readonly HashSet<MetadataReference> _chainReferences = [];

    /// <summary>
    /// Creates a session whose cells see the public members of <paramref name="globals"/> as
    /// top-level names (the kernel passes <see cref="KernelGlobals"/>).
    /// </summary>
    public ScriptSession(object globals, MetadataReferenceResolver? metadataResolver = null, string? baseDirectory = null)
    {
        _globals = globals;
        baseDirectory ??= Directory.GetCurrentDirectory();
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(ReferenceCatalog.Core())
            .AddReferences(ReferenceCatalog.FromAssembly(typeof(ScriptSession).Assembly))
            .AddReferences(ReferenceCatalog.FromAssembly(globals.GetType().Assembly))
            .WithImports(DefaultImports)
            .WithMetadataResolver(metadataResolver ?? PackageAwareMetadataResolver.ForDirectory(baseDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true)
            .WithOptimizationLevel(OptimizationLevel.Debug);
    }

    /// <summary>The options the next cell compiles with (references, imports, resolvers).</summary>
    public ScriptOptions Options => _options;

    /// <summary>The type whose members cells see as globals.</summary>
    public Type GlobalsType => _globals.GetType();

    /// <summary>The object whose members cells see as globals (<c>display</c>, <c>Cancellation</c>, ...), for extensions.</summary>
    public object Globals => _globals;

    /// <summary>The source of every cell that compiled and ran, in order: what language services build on.</summary>
    public IReadOnlyList<string> SubmittedCells
    {
        get { lock (_gate) return _submittedCells.ToArray(); }
    }

    /// <summary>The latest value of each variable the cells declared, in declaration order.</summary>
    public IReadOnlyList<ScriptVariable> Variables =>
        _state is null ? [] : _state.Variables.GroupBy(v => v.Name).Select(g => g.Last()).ToArray();

    /// <summary>The most recent script state, or null before the session has started.</summary>
    public ScriptState<object>? State => _state;

    /// <summary>Adds assembly references for the cells that follow.</summary>
    public void AddReferences(IEnumerable<MetadataReference> references) => _options = _options.AddReferences(references);

    /// <summary>Adds namespaces imported into the cells that follow.</summary>
    public void AddImports(IEnumerable<string> namespaces) => _options = _options.AddImports(namespaces);

    /// <summary>
    /// Compiles and runs an empty submission, so the compiler and references are warm
    /// before the first cell arrives. Safe to call more than once.
    /// </summary>
    public Task StartAsync() => Start();

    /// <summary>
    /// Starts the warm-up now, while the caller adds references and imports (extensions); the part
    /// that compiles a cell as the first real one will be compiled waits for <paramref name="referencesAdded"/>,
    /// so it reads the added references too. The first cell waits for the whole warm-up.
    /// </summary>
    public Task StartAsync(Task referencesAdded) => Start(referencesAdded);

    private Task<ScriptState<object>> Start(Task? referencesAdded = null)
    {
        lock (_gate)
        {
            return _start ??= Task.Run(async () =>
            {
                var script = CSharpScript.Create("", _options, _globals.GetType());
                var state = await script.RunAsync(_globals).ConfigureAwait(false);
                Chained(script);
                if (referencesAdded is not null) await referencesAdded.ConfigureAwait(false);
                // Warm the paths a first real cell takes: binding, emitting, a trailing expression.
                await state.Script.ContinueWith("1 + 1", ContinuationOptions()).RunFromAsync(state).ConfigureAwait(false);
                return state;
            });
        }
    }

    /// <summary>
    /// Runs one cell. Compile errors and exceptions are returned, not thrown, and the session
    /// stays usable; variables assigned before an exception keep their values.
    /// </summary>
    /// <param name="code">The cell's C# source.</param>
    /// <param name="cellNumber">The execution count, used to name the cell in stack traces.</param>
    /// <param name="cancellation">
    /// Cancelled on interrupt; cells see it as <see cref="Interruption.Token"/>. The returned task
    /// then ends promptly even if the cell is still awaiting something: that cell is abandoned,
    /// and whatever it does later never changes the session's state.
    /// </param>
    /// <param name="timings">Receives the time each step took (restore, rewrite, parse, compile, run); null to not record.</param>
    public async Task<CellOutcome> RunAsync(string code, int cellNumber, CancellationToken cancellation, CellTimings? timings = null)
    {
        try
        {
            return await RunCoreAsync(code, cellNumber, cancellation, timings).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ThreadInterruptedException && cancellation.IsCancellationRequested)
        {
            // Interrupted while restoring packages or compiling, before any user code ran
            // (or, for the interrupt, in the script runner around the cell's code).
            return new CellOutcome { Interrupted = true, Timings = timings };
        }
    }

    private async Task<CellOutcome> RunCoreAsync(string code, int cellNumber, CancellationToken cancellation, CellTimings? timings)
    {
        if (_state is null)
        {
            _state = await Start().ConfigureAwait(false);
            timings?.Lap("warm_up_wait");
        }
        var previous = _state;
        if (_options.MetadataResolver is PackageAwareMetadataResolver packages)
        {
            var restored = await packages.RestoreAsync(code, ParseOptions, cancellation).ConfigureAwait(false);
            if (restored.Errors.Count > 0) return new CellOutcome { CompileErrors = restored.Errors, Timings = timings };
            // Only when a package brought new assemblies: new options make the language services start over.
            var added = restored.References.Except(_options.MetadataReferences).ToArray();
            if (added.Length > 0) AddReferences(added);
            timings?.Lap("restore");
        }
        var script = Compile(previous, code, out var errors, cancellation, timings);
        if (errors.Count > 0) return new CellOutcome { CompileErrors = errors, Timings = timings };

        var compilation = script.GetCompilation();
        bool hasValue = EndsInExpression(compilation.SyntaxTrees.Single());
        if (compilation.ScriptClass is { } scriptClass)
            lock (_gate) _cellBySubmission[scriptClass.MetadataName] = cellNumber;

        Interruption.Enter(cancellation);
        Task<ScriptState<object>> running;
        // The cell's code runs on this thread until its first await; only there may an
        // interrupt wake it with Thread.Interrupt (a Sleep/Wait/Join in the cell).
        using (InterruptWindow.Open(cancellation))
            running = script.RunFromAsync(previous, _ => true, CancellationToken.None);
        ScriptState<object> state;
        try
        {
            // The token stops the wait, not just the loops: an awaiting cell is interrupted too.
            state = await running.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            if (!running.IsCompleted)
            {
                // Abandoned: the cell may still finish in the background, but its state is never
                // kept (only this method commits one), so the session goes on from the state before
                // it and a late finish cannot overwrite what later cells did.
                return new CellOutcome { Interrupted = true };
            }
            state = await running.ConfigureAwait(false); // it finished as the interrupt came: keep it
        }
        timings?.Lap("run");
        _state = state;
        Chained(script);
        lock (_gate) _submittedCells.Add(code);
        var interrupted = cancellation.IsCancellationRequested &&
            state.Exception is OperationCanceledException or ThreadInterruptedException;
        return new CellOutcome
        {
            Value = state.Exception is null ? state.ReturnValue : null,
            HasValue = hasValue,
            Exception = interrupted ? null : state.Exception,
            Interrupted = interrupted,
            Timings = timings,
        };
    }

    /// <summary>Evaluates an expression against the current state without keeping anything it declares.</summary>
    public async Task<object?> EvaluateAsync(string expression, CancellationToken cancellation = default)
    {
        _state ??= await Start().ConfigureAwait(false);
        var script = Compile(_state, expression, out var errors, cancellation);
        if (errors.Count > 0) throw new CompilationErrorException(errors[0].ToString(), [.. errors]);
        var state = await script.RunFromAsync(_state, cancellationToken: cancellation).ConfigureAwait(false);
        return state.ReturnValue;
    }

    /// <summary>The cell number that defined a Roslyn submission class such as <c>Submission#3</c>, if known.</summary>
    public int? CellOf(string submissionName)
    {
        lock (_gate) return _cellBySubmission.TryGetValue(submissionName, out var n) ? n : null;
    }

    private Script<object> Compile(ScriptState<object> previous, string code, out IReadOnlyList<Diagnostic> errors, CancellationToken cancellation, CellTimings? timings = null)
    {
        var script = CompileWith(previous, code, out errors, cancellation, timings);
        if (errors.Count > 0 && !_wholeFramework && errors.Any(MayNeedAnotherFrameworkAssembly))
        {
            // The cell names something outside the core assemblies: reference the whole
            // framework from now on (cells get a little slower) and try again.
            _wholeFramework = true;
            var present = _options.MetadataReferences.OfType<PortableExecutableReference>().Select(r => r.FilePath).ToHashSet();
            AddReferences(ReferenceCatalog.Framework().Where(r => !present.Contains(((PortableExecutableReference)r).FilePath)));
            script = CompileWith(previous, code, out errors, cancellation, timings);
        }
        return script;
    }

    /// <summary>Type or namespace not found, or a type forwarded to / defined in an unreferenced assembly.</summary>
    private static bool MayNeedAnotherFrameworkAssembly(Diagnostic d) => d.Id is "CS0246" or "CS0234" or "CS0012" or "CS1069" or "CS0400";

    private Script<object> CompileWith(ScriptState<object> previous, string code, out IReadOnlyList<Diagnostic> errors, CancellationToken cancellation, CellTimings? timings)
    {
        var runnable = InterruptionRewriter.Rewrite(code, ParseOptions);
        timings?.Lap("rewrite");
        var options = ContinuationOptions();
        var script = previous.Script.ContinueWith(runnable, options);
        errors = Build(script, cancellation, timings);
        if (errors.Count > 0 && !ReferenceEquals(runnable, code))
        {
            // Report positions in the user's own text, and run it as written if only the
            // rewrite failed to compile (it then cannot be interrupted mid-loop).
            script = previous.Script.ContinueWith(code, options);
            errors = Build(script, cancellation, timings);
        }
        return script;
    }

    /// <summary>
    /// The session's options with only the references no submission of the chain carries yet.
    /// </summary>
    /// <remarks>
    /// Roslyn gives each submission the references of its options followed by every reference of the
    /// previous submission, duplicates included. Passing the session's whole list to every cell made
    /// cell N's list N times that long: resolving it cost each cell time in proportion to the length of
    /// the session, and each compilation kept its copy (with the kernel's ~60 references, about
    /// 1 MB a cell after 500 cells). A reference given once is inherited by every later submission.
    /// </remarks>
    private ScriptOptions ContinuationOptions()
    {
        var options = _options;
        lock (_gate)
        {
            var fresh = options.MetadataReferences.Where(r => !_chainReferences.Contains(r)).ToArray();
            return options.WithReferences(fresh);
        }
    }

    /// <summary>Records that <paramref name="script"/> is now part of the chain, and so are its references.</summary>
    private void Chained(Script script)
    {
        lock (_gate) _chainReferences.UnionWith(script.Options.MetadataReferences);
    }

    /// <summary>
    /// Binds, emits and loads the cell (what running it needs), returning its errors. Not
    /// <see cref="Script.Compile"/>: after emitting, that binds every method body a second time
    /// to list warnings, which cells never show, and so cost each cell a second compile.
    /// </summary>
    private static IReadOnlyList<Diagnostic> Build(Script<object> script, CancellationToken cancellation, CellTimings? timings)
    {
        script.GetCompilation(); // parses the cell and sets up its compilation
        timings?.Lap("parse");
        try
        {
            script.CreateDelegate(cancellation);
            ForgetPrecedingExecutors(script);
            return [];
        }
        catch (CompilationErrorException e)
        {
            return Errors(e.Diagnostics);
        }
        finally
        {
            timings?.Lap("compile");
        }
    }

    // Script<T> caches, for CreateDelegate, the delegates of every earlier submission: an array as long
    // as the session, kept by every cell. Cells continue from the previous state (RunFromAsync), which
    // never uses it, so it is dropped. Should Roslyn rename the field, the array is simply kept.
    private static readonly System.Reflection.FieldInfo? PrecedingExecutors = typeof(Script<object>).GetField(
        "_lazyPrecedingExecutors", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);

    private static void ForgetPrecedingExecutors(Script<object> script)
    {
        if (PrecedingExecutors?.FieldType == typeof(ImmutableArray<Func<object[], Task>>))
            PrecedingExecutors.SetValue(script, default(ImmutableArray<Func<object[], Task>>));
    }

    /// <summary>True when the cell's last statement is an expression with no semicolon: its value is the cell's result.</summary>
    internal static bool EndsInExpression(SyntaxTree tree)
    {
        return tree.GetRoot().ChildNodes().LastOrDefault() is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
        {
            Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true },
        };
    }

    private static IReadOnlyList<Diagnostic> Errors(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
}
