using System.Collections.Concurrent;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>Temporary folders shared by many tests, deleted when the test process exits.</summary>
internal static class TempFolders
{
    private static readonly ConcurrentBag<string> Created = [];

    static TempFolders() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var folder in Created)
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
    };

    public static string Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Created.Add(folder);
        return folder;
    }
}
