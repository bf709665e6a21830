namespace Analysis.Kernel.Packages;

/// <summary>Picks the error lines out of what <c>dotnet restore</c> printed.</summary>
internal static class RestoreOutput
{
    /// <summary>
    /// The lines reporting errors, without the project path MSBuild puts around them
    /// (<c>/x/PackageRestore.csproj : error NU1101: ... [/x/PackageRestore.csproj]</c> becomes
    /// <c>NU1101: ...</c>); the last lines printed when none says "error".
    /// </summary>
    public static IReadOnlyList<string> ErrorLines(IReadOnlyList<string> output, string projectPath)
    {
        const string marker = "error ";
        var errors = output
            .Select(line => line.Replace($" [{projectPath}]", "", StringComparison.Ordinal).Trim())
            .Select(line => (line, at: line.IndexOf(marker, StringComparison.OrdinalIgnoreCase)))
            .Where(x => x.at >= 0)
            .Select(x => x.line[(x.at + marker.Length)..])
            .Distinct()
            .ToArray();
        return errors.Length > 0 ? errors : output.Where(l => l.Trim().Length > 0).TakeLast(10).ToArray();
    }
}
