using System.Security.Cryptography;
using System.Text;

namespace Analysis.Kernel.Protocol;

/// <summary>
/// Signs outgoing messages and verifies incoming ones with HMAC-SHA256 over the four
/// JSON frames (header, parent header, metadata, content), as the Jupyter wire protocol asks.
/// </summary>
public sealed class MessageSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer; an empty key means messages are neither signed nor checked.</summary>
    public MessageSigner(string key) => _key = Encoding.UTF8.GetBytes(key);

    /// <summary>True when a key is configured.</summary>
    public bool IsEnabled => _key.Length > 0;

    /// <summary>The lowercase hex HMAC of the frames, or an empty string when signing is off.</summary>
    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!IsEnabled) return "";
        return Convert.ToHexStringLower(Compute(header, parentHeader, metadata, content));
    }

    /// <summary>
    /// Checks a received signature in constant time, so timing does not reveal how many
    /// leading characters of a forged signature were right.
    /// </summary>
    public bool Verify(string signature, ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!IsEnabled) return true;
        if (signature.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature, given, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        return CryptographicOperations.FixedTimeEquals(given, Compute(header, parentHeader, metadata, content));
    }

    private byte[] Compute(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return hmac.GetHashAndReset();
    }
}
