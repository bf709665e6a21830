using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace Analysis.Kernel.Packages;

/// <summary>
/// The package a <c>#r "nuget: Id, Version"</c> directive asks for. The version is optional
/// (meaning the newest stable one) and may be anything a PackageReference accepts:
/// <c>13.0.3</c>, <c>13.*</c>, <c>[1.0,2.0)</c>.
/// </summary>
/// <param name="Id">The package id as written.</param>
/// <param name="Version">The version or range as written, or null for the newest stable version.</param>
public sealed partial record PackageDirective(string Id, string? Version)
{
    /// <summary>What a <c>#r</c> reference starts with to name a package rather than a file.</summary>
    public const string Prefix = "nuget:";

    /// <summary>The directive's form, for error messages.</summary>
    public const string ExpectedForm = "#r \"nuget: Id, Version\"";

    /// <summary>The version text a PackageReference gets: the one written, or <c>*</c> (newest stable).</summary>
    public string VersionOrLatest => Version ?? "*";

    /// <summary>
    /// A canonical form (lower-case id, normalized range) so that <c>13.0.3</c> and
    /// <c>13.0.3.0</c> name one restore.
    /// </summary>
    public string Key => $"{Id.ToLowerInvariant()}/{VersionRange.Parse(VersionOrLatest, allowFloating: true).ToNormalizedString()}";

    /// <summary>True when a <c>#r</c> reference names a NuGet package (<c>nuget:</c>, any case).</summary>
    public static bool IsPackageReference(string reference) =>
        reference.AsSpan().TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses the text of a <c>#r</c> reference such as <c>nuget: Newtonsoft.Json, 13.0.3</c>.
    /// On failure, <paramref name="error"/> says what is wrong and shows the expected form.
    /// </summary>
    public static bool TryParse(string reference, [NotNullWhen(true)] out PackageDirective? directive, [NotNullWhen(false)] out string? error)
    {
        directive = null;
        if (!IsPackageReference(reference))
        {
            error = Problem($"'{reference}' does not start with '{Prefix}'");
            return false;
        }
        var body = reference.TrimStart()[Prefix.Length..];
        // Only the first comma separates: a range such as [1.0,2.0) has its own.
        var parts = body.Split(',', 2);
        var id = parts[0].Trim();
        if (parts.Length == 2 && parts[1].Contains(',') && parts[1].TrimStart() is not ['[' or '(', ..])
            error = Problem($"'{body.Trim()}' has more than one comma; give one package per directive");
        else if (id.Length == 0)
            error = Problem("no package id is given");
        else if (id.Length > 100 || !PackageId().IsMatch(id))
            error = Problem($"'{id}' is not a valid package id");
        else if (parts.Length == 2 && parts[1].Trim() is var version && !IsVersion(version))
            error = Problem(version.Length == 0
                ? $"the version after '{id},' is empty (leave out the comma for the newest version)"
                : $"'{version}' is not a NuGet version or range (for example 13.0.3, 13.* or [1.0,2.0))");
        else
        {
            directive = new PackageDirective(id, parts.Length == 2 ? parts[1].Trim() : null);
            error = null;
            return true;
        }
        return false;
    }

    /// <summary>The packages with one entry per id (any case): a later request for an id replaces an earlier one.</summary>
    public static PackageDirective[] Merge(IEnumerable<PackageDirective> packages) =>
        packages.Reverse().DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).Reverse().ToArray();

    /// <inheritdoc/>
    public override string ToString() => Version is null ? Id : $"{Id} {Version}";

    private static bool IsVersion(string text) => text.Length > 0 && VersionRange.TryParse(text, allowFloating: true, out _);

    private static string Problem(string what) =>
        $"Invalid package reference: {what}. Expected {ExpectedForm}, e.g. #r \"nuget: Newtonsoft.Json, 13.0.3\"; the version is optional.";

    // NuGet's own rule for ids: word characters, with single dots, dashes or underscores between them.
    [GeneratedRegex(@"^\w+([.-]\w+)*$")]
    private static partial Regex PackageId();
}
