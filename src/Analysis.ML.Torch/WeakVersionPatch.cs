namespace Analysis.ML.Torch;

/// <summary>Makes one needed symbol version optional in a copy of a shared library.</summary>
/// <remarks>
/// The loader refuses a library that needs a version its dependency does not define, unless the version-needed entry
/// carries <c>VER_FLG_WEAK</c>; and a symbol bound to a version that is not there must itself be weak to resolve to
/// null instead of failing. Both flags are set, nothing else is touched, so the copy behaves exactly like the original
/// wherever the version exists. Used for <c>GLIBCXX_3.4.32</c>, which GCC 13 requests for
/// <c>std::ios_base_library_init()</c>, a function it emits but never calls.
/// </remarks>
internal static class WeakVersionPatch
{
    private const ushort WeakFlag = 0x2;
    private const byte WeakBinding = 2;

    /// <summary>What a patch changed.</summary>
    /// <param name="Bytes">The patched copy.</param>
    /// <param name="ChangedOffsets">The byte offsets that differ from the input.</param>
    /// <param name="Symbols">The dynamic symbols made weak.</param>
    public sealed record Result(byte[] Bytes, IReadOnlyList<long> ChangedOffsets, IReadOnlyList<string> Symbols);

    /// <summary>A copy of <paramref name="image"/> with <paramref name="version"/> needed weakly and its undefined symbols weak.</summary>
    /// <exception cref="InvalidDataException">The library does not need <paramref name="version"/>.</exception>
    public static Result Apply(ElfImage image, string version)
    {
        var needs = image.VersionNeeds().Where(n => n.Name == version).ToList();
        if (needs.Count == 0) throw new InvalidDataException($"{image.Source}: needs no symbol version '{version}', nothing to patch");
        var bytes = (byte[])image.Bytes.Clone();
        var changed = new List<long>();
        foreach (var need in needs)
        {
            var flags = (ushort)(need.Flags | WeakFlag);
            if (flags == need.Flags) continue;
            // vna_flags is little-endian; the weak bit lives in its low byte.
            bytes[need.FlagsOffset] = (byte)(flags & 0xff);
            changed.Add(need.FlagsOffset);
        }
        var indices = needs.Select(n => n.Index).ToHashSet();
        var symbols = new List<string>();
        foreach (var symbol in image.DynamicSymbols().Where(s => indices.Contains(s.Version) && s.Section == 0))
        {
            symbols.Add(symbol.Name);
            if (symbol.Binding == WeakBinding) continue;
            bytes[symbol.InfoOffset] = (byte)((WeakBinding << 4) | symbol.Type);
            changed.Add(symbol.InfoOffset);
        }
        return new Result(bytes, changed, symbols);
    }
}
