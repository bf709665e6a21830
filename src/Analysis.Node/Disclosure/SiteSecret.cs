using System.Security.Cryptography;
using System.Text;

namespace Analysis.Node.Disclosure;

/// <summary>
/// The site's secret key (<c>node.key</c> in the data folder, 32 random bytes, owner-only): it keys each patient's
/// record key, so the perturbation of a released number cannot be computed or predicted by anyone outside the site.
/// </summary>
/// <remarks>Created on first ingest and never sent anywhere. Losing it changes every record key (and so every
/// perturbation) after the next ingest; a backup of the data folder should include it. A synthetic site's folder comes
/// with a key derived from its public seed (<c>SiteDataWriter.SiteKey</c>), so its noise is reproducible; a real site's is random.</remarks>
internal sealed class SiteSecret
{
    /// <summary>The key file's name in the data folder.</summary>
    public const string FileName = "node.key";

    private readonly byte[] _key;

    private SiteSecret(byte[] key) => _key = key;

    /// <summary>The site's key, created (owner-only) if the folder has none yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not 32 bytes.</exception>
    public static SiteSecret LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                // CreateNew: two processes racing to create it must not both write (and one silently lose its key).
                using var stream = new FileStream(path, FileModes.OwnerOnlyOptions(FileMode.CreateNew, FileAccess.Write, FileShare.None));
                stream.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        var key = File.ReadAllBytes(path);
        if (key.Length != 32) throw new InvalidDataException($"{path}: the site key must be 32 bytes, not {key.Length}; restore it from a backup or remove it to start afresh (every perturbation changes)");
        FileModes.RestrictToOwner(path);
        return new SiteSecret(key);
    }

    /// <summary>The record key of a patient: 64 bits of HMAC-SHA256(site key, patient id), uniform and secret.</summary>
    public ulong RecordKey(string patientId)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(patientId), mac);
        return BitConverter.ToUInt64(mac[..8]);
    }

    /// <summary>A keyed hash of any text, for other site-held pseudonyms (e.g. DICOM de-identification).</summary>
    public byte[] Hash(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));
}
