namespace Analysis.Contracts;

/// <summary>
/// What data a site serves, as a hash a reviewer can compare with the one an author published: SHA-256 over the node's
/// ingest log (every ingested file's name and SHA-256, in name order), so the same files give the same fingerprint on any
/// machine and any change to them gives another. It says nothing about the patients themselves.
/// </summary>
/// <param name="Sha256">Lowercase hex SHA-256 of the lines <c>name:sha256\n</c> of the ingested files, in ordinal name order.</param>
/// <param name="Files">How many files were ingested.</param>
public sealed record DatasetFingerprint(string Sha256, int Files)
{
    /// <summary>The fingerprint of files given as (name, SHA-256 hex), in any order.</summary>
    public static DatasetFingerprint Of(IEnumerable<(string Name, string Sha256)> files)
    {
        var sorted = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var text = string.Concat(sorted.Select(f => $"{f.Name}:{f.Sha256}\n"));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return new DatasetFingerprint(Convert.ToHexStringLower(hash), sorted.Count);
    }

    /// <summary><c>sha256:</c> and the hash, as claims files write it.</summary>
    public override string ToString() => $"sha256:{Sha256}";
}
