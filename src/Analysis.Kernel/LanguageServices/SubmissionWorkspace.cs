using Analysis.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Text;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// A Roslyn workspace mirroring a <see cref="ScriptSession"/>: one submission project per cell
/// that ran, each continuing the previous one, and a last "scratch" submission holding the
/// code being edited. Projects are only ever appended, so the compilations of earlier cells
/// are built once and reused by every later request.
/// </summary>
internal sealed class SubmissionWorkspace(ScriptSession session)
{
    // Only the host of Roslyn's language services: solutions are kept here, not applied to it.
    // Made by the first request (the warm-up's, normally): composing the services takes a second
    // or more, which the kernel must not spend before it answers.
    private AdhocWorkspace? _workspace;
    // One request at a time: each keeps the solution it compiled, so the next one starts warm.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Solution? _solution;
    private ProjectId? _lastCell;
    private int _cellCount;
    private DocumentId? _scratch;
    private ScriptOptions? _scratchOptions;
    private ScriptOptions? _referencesOptions;
    private IReadOnlyList<MetadataReference> _references = [];
    // Files some cell project already references: later submissions inherit them (see AddSubmission).
    private readonly HashSet<string> _cellReferenceFiles = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="use"/> on a document holding <paramref name="code"/> as the next cell.</summary>
    public async Task<T> WithDocumentAsync<T>(string code, Func<Document, Task<T>> use, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var document = ScratchDocument(code);
            var result = await use(document).ConfigureAwait(false);
            _solution = document.Project.Solution;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Document ScratchDocument(string code)
    {
        var cells = session.SubmittedCells;
        var options = session.Options;
        var solution = _solution ?? (_workspace ??= new AdhocWorkspace(RoslynHost.Services)).CurrentSolution;
        if (_scratch is null || cells.Count > _cellCount || !ReferenceEquals(options, _scratchOptions))
        {
            if (_scratch is not null) solution = solution.RemoveProject(_scratch.ProjectId);
            for (; _cellCount < cells.Count; _cellCount++)
            {
                (solution, var cell, var given) = AddSubmission(solution, cells[_cellCount], options);
                _lastCell = cell.ProjectId;
                _cellReferenceFiles.UnionWith(given.OfType<PortableExecutableReference>().Select(r => r.FilePath ?? ""));
            }
            (solution, _scratch, _) = AddSubmission(solution, "", options);
            _scratchOptions = options;
            // Kept now, not after the request, so a cancelled request cannot lose the cells just added.
            _solution = solution;
        }
        return solution.WithDocumentText(_scratch, SourceText.From(code)).GetDocument(_scratch)!;
    }

    /// <remarks>
    /// A submission inherits every reference of the one before it, and Roslyn appends that list to its
    /// own without removing duplicates; so each project gets only the references no earlier cell has,
    /// or the list (and the time to resolve it) would grow with every cell, as in the script session.
    /// </remarks>
    private (Solution Solution, DocumentId Document, IReadOnlyList<MetadataReference> References) AddSubmission(Solution solution, string code, ScriptOptions options)
    {
        var references = References(options)
            .Where(r => r is not PortableExecutableReference { FilePath: { } file } || !_cellReferenceFiles.Contains(file))
            .ToArray();
        // Each submission is an assembly of its own, so its name must be unique in the chain.
        var name = $"Submission#{_cellCount}";
        var project = ProjectId.CreateNewId(name);
        var compilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            scriptClassName: name,
            usings: options.Imports,
            allowUnsafe: options.AllowUnsafe,
            metadataReferenceResolver: options.MetadataResolver,
            sourceReferenceResolver: options.SourceResolver);
        var info = ProjectInfo.Create(
            project, VersionStamp.Create(), name, name, LanguageNames.CSharp,
            compilationOptions: compilationOptions,
            parseOptions: ScriptSession.ParseOptions,
            metadataReferences: references,
            projectReferences: _lastCell is null ? [] : [new ProjectReference(_lastCell)],
            isSubmission: true,
            hostObjectType: session.GlobalsType);
        var document = DocumentId.CreateNewId(project, name);
        return (solution.AddProject(info).AddDocument(document, name + ".csx", SourceText.From(code)), document, references);
    }

    private IReadOnlyList<MetadataReference> References(ScriptOptions options)
    {
        if (!ReferenceEquals(options, _referencesOptions))
        {
            _references = CoreLibDocumentation.Apply(options.MetadataReferences.OfType<PortableExecutableReference>());
            _referencesOptions = options;
        }
        return _references;
    }
}
