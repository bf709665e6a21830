namespace Analysis.Kernel.Packages;

/// <summary>What one restore produced: every package of the requested set and of its dependencies.</summary>
public sealed class RestoreResult
{
    private readonly Dictionary<string, RestoredPackage> _byId;

    /// <summary>Wraps the packages of one restore.</summary>
    public RestoreResult(IEnumerable<RestoredPackage> packages, string assetsFile)
    {
        _byId = packages.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        AssetsFile = assetsFile;
    }

    /// <summary>Every restored package, requested or pulled in as a dependency.</summary>
    public IReadOnlyCollection<RestoredPackage> Packages => _byId.Values;

    /// <summary>The <c>project.assets.json</c> this result was read from.</summary>
    public string AssetsFile { get; }

    /// <summary>The package with this id (any case), or null when restore did not bring it, e.g. because the framework provides it.</summary>
    public RestoredPackage? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The package and everything it depends on, directly or not, each once.</summary>
    public IReadOnlyList<RestoredPackage> Closure(string id)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var closure = new List<RestoredPackage>();
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var next))
        {
            // Dependencies the framework provides are pruned by restore and have no entry: skip them.
            if (!seen.Add(next) || Find(next) is not { } package) continue;
            closure.Add(package);
            foreach (var dependency in package.Dependencies) pending.Push(dependency);
        }
        return closure;
    }

    /// <summary>True when every file the result names is still on disk (a packages folder may have been cleaned).</summary>
    public bool FilesExist() => Packages.SelectMany(p => p.AllAssets).All(File.Exists);
}
