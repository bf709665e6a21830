namespace Analysis.Node;

/// <summary>Keeps the site's files readable by the node's own user only.</summary>
/// <remarks>The database, the audit log, the site secret and the cohort ledger all hold patient-derived data or what
/// protects it; on a shared machine a world-readable copy would bypass every control the API applies.</remarks>
internal static class FileModes
{
    /// <summary>Owner read and write, nobody else.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Options that create a file owner-only (the mode is set at creation, so it is never briefly readable by others).</summary>
    public static FileStreamOptions OwnerOnlyOptions(FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        return options;
    }

    /// <summary>Sets <paramref name="path"/> to owner-only if it exists (no-op on Windows).</summary>
    public static void RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        File.SetUnixFileMode(path, OwnerOnly);
    }
}
