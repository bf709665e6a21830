using System.Xml.Linq;

namespace Analysis.Kernel.Packages;

/// <summary>Writes the throw-away SDK project whose restore brings a package set and its dependencies.</summary>
internal static class RestoreProject
{
    public const string FileName = "PackageRestore.csproj";

    /// <summary>
    /// Writes the project into <paramref name="directory"/> and returns its path.
    /// <paramref name="configDirectory"/> is where NuGet starts looking for nuget.config files,
    /// so the notebook's own configuration applies although the project lives in a cache.
    /// </summary>
    public static string Write(string directory, IEnumerable<PackageDirective> packages, string targetFramework, string rid, string? configDirectory)
    {
        Directory.CreateDirectory(directory);
        // Empty files stop MSBuild's upward search, so a cache inside a repository (this one
        // included) does not inherit its build settings or central package versions.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(directory, name), "<Project />\n");

        var properties = new XElement("PropertyGroup",
            new XElement("TargetFramework", targetFramework),
            // A single RuntimeIdentifier, not RuntimeIdentifiers: the plural makes restore download
            // runtime packs (tens of MB) that offline feeds do not have.
            new XElement("RuntimeIdentifier", rid),
            new XElement("SelfContained", "false"),
            new XElement("UseAppHost", "false"),
            new XElement("ManagePackageVersionsCentrally", "false"),
            new XElement("ImplicitUsings", "disable"),
            // Auditing asks the feed for vulnerability data: slow, and absent offline.
            new XElement("NuGetAudit", "false"));
        if (configDirectory is not null) properties.Add(new XElement("RestoreRootConfigDirectory", Path.GetFullPath(configDirectory)));

        var project = new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            properties,
            new XElement("ItemGroup", packages.Select(p =>
                new XElement("PackageReference", new XAttribute("Include", p.Id), new XAttribute("Version", p.VersionOrLatest)))));
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, project.ToString() + "\n");
        return path;
    }
}
