namespace Analysis.Node;

/// <summary>Keeps the site's files readable by the node's own user only.</summary>
/// <remarks>The database (and its write-ahead log), the audit log, the site secret, the cohort ledger and export files
/// all hold patient-derived data or what protects it; on a shared machine a world-readable copy would bypass every control the API applies.</remarks>
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

    /// <summary>Owner read, write and search, nobody else.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> if needed and makes it owner-only (no-op on Windows): what is inside (the
    /// database's write-ahead log, export files) is then out of other users' reach whatever mode it was created with.</summary>
    public static void RestrictDirectoryToOwner(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        File.SetUnixFileMode(path, OwnerOnlyDirectory);
    }

    /// <summary>Sets <paramref name="path"/> to owner-only if it exists (no-op on Windows).</summary>
    public static void RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        try
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        catch (FileNotFoundException)
        {
            // Gone between the check and the change (a write-ahead log checkpointed away): nothing left to protect.
        }
    }
}
