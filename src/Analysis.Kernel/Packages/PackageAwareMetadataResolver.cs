using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Analysis.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace Analysis.Kernel.Packages;

/// <summary>
/// Resolves <c>#r "nuget: Id, Version"</c> to the package's assembly, and every other <c>#r</c>
/// through the wrapped resolver (files).
/// </summary>
/// <remarks>
/// Restoring is slow and can fail, a resolver can neither wait nor explain a failure (an empty
/// answer becomes CS0006 "metadata file not found"), and Roslyn binds a directive to a single
/// reference. So a session calls <see cref="RestoreAsync"/> with the cell's code before
/// compiling it: that restores, turns failures into precise errors and returns every compile
/// assembly of the packages and their dependencies for the session to reference; the resolver
/// then serves each directive from the result. Packages accumulate over a session and are
/// restored as one set, so packages from different cells agree on shared dependencies.
/// </remarks>
public sealed class PackageAwareMetadataResolver : MetadataReferenceResolver
{
    private readonly State _state = new();
    private readonly SemaphoreSlim _restoring = new(1, 1);

    /// <summary>Wraps <paramref name="inner"/>, restoring packages with <paramref name="restorer"/>.</summary>
    /// <param name="inner">Resolves references that are not packages.</param>
    /// <param name="restorer">Restores and caches packages (default <see cref="NuGetRestorer.Shared"/>).</param>
    /// <param name="workingDirectory">The notebook's folder: nuget.config files there and above apply.</param>
    public PackageAwareMetadataResolver(MetadataReferenceResolver inner, NuGetRestorer? restorer = null, string? workingDirectory = null)
    {
        Inner = inner;
        Restorer = restorer ?? NuGetRestorer.Shared;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The default for a session in <paramref name="baseDirectory"/>: files relative to it, and packages.</summary>
    public static PackageAwareMetadataResolver ForDirectory(string baseDirectory) =>
        new(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory), NuGetRestorer.Shared, baseDirectory);

    /// <summary>The resolver for references that are not packages.</summary>
    public MetadataReferenceResolver Inner { get; }

    /// <summary>Restores and caches the packages.</summary>
    public NuGetRestorer Restorer { get; }

    /// <summary>Where the search for nuget.config files starts, or null for the cache folder.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>The packages restored so far in this session.</summary>
    public IReadOnlyList<PackageDirective> Packages
    {
        get { lock (_state) return _state.Requested; }
    }

    /// <summary>
    /// Restores the packages that the <c>#r "nuget: ..."</c> directives of <paramref name="code"/>
    /// name, together with those restored before, and makes them loadable.
    /// </summary>
    /// <returns>Errors located at the offending directives (malformed text, restore failure), or the references to add.</returns>
    public async Task<PackageRestoreOutcome> RestoreAsync(string code, CSharpParseOptions parseOptions, CancellationToken cancellation = default)
    {
        // Most cells have no directive at all; skip the parse for them.
        if (!code.Contains("#r", StringComparison.Ordinal)) return PackageRestoreOutcome.None;
        var tree = CSharpSyntaxTree.ParseText(code, parseOptions, cancellationToken: cancellation);
        var directives = tree.GetCompilationUnitRoot(cancellation).GetReferenceDirectives()
            .Where(d => PackageDirective.IsPackageReference(d.File.ValueText))
            .ToArray();
        if (directives.Length == 0) return PackageRestoreOutcome.None;

        var malformed = new List<Diagnostic>();
        var requested = new List<(ReferenceDirectiveTriviaSyntax Syntax, PackageDirective Package)>();
        foreach (var directive in directives)
        {
            if (PackageDirective.TryParse(directive.File.ValueText, out var package, out var error)) requested.Add((directive, package));
            else malformed.Add(PackageDiagnostics.MalformedDirective(directive.File.GetLocation(), error));
        }
        if (malformed.Count > 0) return new PackageRestoreOutcome(malformed, []);

        await _restoring.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var before = Packages;
            var set = PackageDirective.Merge(before.Concat(requested.Select(r => r.Package)));
            RestoreResult result;
            try
            {
                result = await Restorer.RestoreAsync(set, WorkingDirectory, cancellation).ConfigureAwait(false);
            }
            catch (PackageRestoreException e)
            {
                return new PackageRestoreOutcome([Failure(requested.Where(r => !before.Contains(r.Package)).DefaultIfEmpty(requested[0]).ToArray(), e)], []);
            }
            // Refused before anything is registered or remembered: the session stays as it was.
            var conflicts = Conflicts(requested, result);
            if (conflicts.Count > 0) return new PackageRestoreOutcome(conflicts, []);
            PackageLoader.Register(result);
            lock (_state) (_state.Requested, _state.Result) = (set, result);
            var paths = requested.SelectMany(r => CompileAssets(result.Closure(r.Package.Id))).Distinct();
            return new PackageRestoreOutcome([], [.. paths.Select(path => Reference(path, MetadataReferenceProperties.Assembly))]);
        }
        finally
        {
            _restoring.Release();
        }
    }

    /// <inheritdoc/>
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (!PackageDirective.IsPackageReference(reference)) return Inner.ResolveReference(reference, baseFilePath, properties);
        if (!PackageDirective.TryParse(reference, out var package, out _)) return [];
        RestoreResult? result;
        lock (_state) result = _state.Requested.Any(p => SameId(p, package)) ? _state.Result : null;
        // Code compiled without RestoreAsync first (language services, say) gets Roslyn's CS0006.
        if (result is null) return [];

        // The assembly named like the package, else its first; the rest come from RestoreAsync.
        var own = CompileAssets(result.Find(package.Id) is { } restored ? [restored] : []);
        var primary = own.FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), package.Id, StringComparison.OrdinalIgnoreCase)) ?? own.FirstOrDefault();
        // A package with no assembly of its own (native only, or one the framework provides) must
        // still resolve, or Roslyn reports CS0006; the kernel assembly every cell references adds nothing.
        return [primary is null
            ? ReferenceCatalog.FromAssembly(typeof(PackageAwareMetadataResolver).Assembly).WithProperties(properties)
            : Reference(primary, properties)];
    }

    /// <summary>True: assemblies that restored packages mention are looked up among them, then (if it resolves missing assemblies) by <see cref="Inner"/>.</summary>
    public override bool ResolveMissingAssemblies => true;

    /// <inheritdoc/>
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        RestoreResult? result;
        lock (_state) result = _state.Result;
        var path = CompileAssets(result?.Packages ?? [])
            .FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), referenceIdentity.Name, StringComparison.OrdinalIgnoreCase));
        if (path is not null) return Reference(path, MetadataReferenceProperties.Assembly);
        return Inner.ResolveMissingAssemblies ? Inner.ResolveMissingAssembly(definition, referenceIdentity) : null;
    }

    /// <summary>Equal when both share one package state and equal inner resolvers: only then do they resolve alike.</summary>
    public override bool Equals(object? other) =>
        other is PackageAwareMetadataResolver resolver && ReferenceEquals(_state, resolver._state) && Inner.Equals(resolver.Inner);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_state), Inner);

    private PortableExecutableReference Reference(string path, MetadataReferenceProperties properties)
    {
        PortableExecutableReference reference;
        // Reading an assembly and its documentation once per file, not once per cell that compiles.
        lock (_state)
        {
            if (!_state.References.TryGetValue(path, out reference!))
                _state.References[path] = reference = ReferenceCatalog.FromFile(path);
        }
        return properties == MetadataReferenceProperties.Assembly ? reference : reference.WithProperties(properties);
    }

    private static IEnumerable<string> CompileAssets(IEnumerable<RestoredPackage> packages) =>
        packages.SelectMany(p => p.CompileAssets).Where(p => !SharedFramework.Provides(p));

    private static Diagnostic Failure(IReadOnlyList<(ReferenceDirectiveTriviaSyntax Syntax, PackageDirective Package)> suspects, PackageRestoreException e)
    {
        // Restore's messages name the package they are about; point at that directive when one is named.
        var blamed = suspects.Where(s => e.Errors.Any(line => line.Contains(s.Package.Id, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (blamed.Length == 0) blamed = [.. suspects];
        return PackageDiagnostics.RestoreFailed(blamed[0].Syntax.File.GetLocation(), PackageRestoreException.Describe([.. blamed.Select(b => b.Package)], e.Errors));
    }

    /// <summary>
    /// An error at each directive whose package brings its own assembly in another version than the one already loaded
    /// (a package the kernel or an extension already provides, asked for in another version).
    /// </summary>
    /// <remarks>Only the requested packages' own assemblies are checked: a dependency met in a newer loaded version runs
    /// against that one, as it always has.</remarks>
    private static List<Diagnostic> Conflicts(IEnumerable<(ReferenceDirectiveTriviaSyntax Syntax, PackageDirective Package)> requested, RestoreResult result)
    {
        var errors = new List<Diagnostic>();
        foreach (var (syntax, package) in requested)
        {
            if (result.Find(package.Id) is not { } restored) continue;
            foreach (var path in restored.RuntimeAssets.Where(p => !SharedFramework.Provides(p)))
            {
                if (LoadedAssemblies.ConflictWith(path) is not { } loaded) continue;
                var name = loaded.Name.Name;
                var version = LoadedAssemblies.PackageVersionOf(loaded.Name, loaded.Location);
                errors.Add(PackageDiagnostics.LoadedVersionConflict(syntax.File.GetLocation(),
                    $"{restored.Id} {restored.Version} cannot be used in this session: this kernel runs {name} {version} " +
                    $"(from {loaded.Location}), and a process runs one version of an assembly. Write #r \"nuget: {restored.Id}, {version}\", " +
                    $"or leave the directive out where the kernel already references {name}. Nothing was loaded; the session is unchanged."));
                break;
            }
        }
        return errors;
    }

    private static bool SameId(PackageDirective a, PackageDirective b) => string.Equals(a.Id, b.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a session has restored; one object, so resolvers sharing it resolve alike.</summary>
    private sealed class State
    {
        public IReadOnlyList<PackageDirective> Requested = [];
        public RestoreResult? Result;
        public readonly Dictionary<string, PortableExecutableReference> References = new(StringComparer.Ordinal);
    }
}
