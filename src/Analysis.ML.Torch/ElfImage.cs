using System.Buffers.Binary;
using System.Text;

namespace Analysis.ML.Torch;

/// <summary>The parts of a little-endian ELF64 shared library that symbol versioning lives in, read from its bytes.</summary>
/// <remarks>Only what the loader's version checks use is parsed: section headers, <c>.dynsym</c> with its string table,
/// <c>.gnu.version</c> (one version index per dynamic symbol), <c>.gnu.version_r</c> (versions needed from other
/// libraries) and <c>.gnu.version_d</c> (versions this library defines).</remarks>
internal sealed class ElfImage
{
    private const uint DynSymType = 11;
    private const uint VerDefType = 0x6ffffffd;
    private const uint VerNeedType = 0x6ffffffe;
    private const uint VerSymType = 0x6fffffff;
    internal const int SymbolSize = 24;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections = [];

    /// <summary>A section header: where its bytes are and which section holds its strings.</summary>
    internal sealed record Section(int Index, uint Type, long Offset, long Size, int Link, int Info);

    /// <summary>A version needed from another library (<c>Vernaux</c>), with the offset of its flags field.</summary>
    internal sealed record VersionNeed(string File, string Name, ushort Flags, ushort Index, long FlagsOffset);

    /// <summary>A dynamic symbol with its version index and the offset of its <c>st_info</c> byte.</summary>
    internal sealed record DynamicSymbol(int Index, string Name, byte Binding, byte Type, ushort Section, ushort Version, long InfoOffset);

    private ElfImage(byte[] bytes, string source)
    {
        _bytes = bytes;
        Source = source;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw Bad(0, "not an ELF file (no \\x7fELF magic)");
        if (bytes[4] != 2) throw Bad(4, $"only 64-bit ELF is supported (EI_CLASS is {bytes[4]})");
        if (bytes[5] != 1) throw Bad(5, $"only little-endian ELF is supported (EI_DATA is {bytes[5]})");
        var shoff = (long)U64(0x28);
        var shentsize = U16(0x3A);
        var shnum = U16(0x3C);
        if (shentsize != 64) throw Bad(0x3A, $"unexpected section header size {shentsize}");
        if (shoff <= 0 || shoff + (long)shnum * 64 > bytes.Length) throw Bad(0x28, $"section headers at {shoff} ({shnum} of them) lie outside the file ({bytes.Length} bytes)");
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + i * 64L;
            var section = new Section(i, U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), (int)U32(h + 40), (int)U32(h + 44));
            if (section.Type != 8 /* NOBITS */ && section.Size > 0 && (section.Offset < 0 || section.Offset + section.Size > bytes.Length))
                throw Bad(h, $"section {i} (offset {section.Offset}, size {section.Size}) lies outside the file");
            _sections.Add(section);
        }
    }

    /// <summary>Where the bytes came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The raw bytes (not copied).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a little-endian ELF64 file, or a header points outside it.</exception>
    public static ElfImage Parse(byte[] bytes, string source) => new(bytes, source);

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static ElfImage Read(string path) => new(File.ReadAllBytes(path), path);

    /// <summary>The versions needed from other libraries, in file order.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        foreach (var section in SectionsOfType(VerNeedType))
        {
            var strings = _sections[section.Link];
            var need = section.Offset;
            for (var n = 0; n < section.Info; n++)
            {
                var count = U16(need + 2);
                var file = Text(strings, U32(need + 4));
                var aux = need + U32(need + 8);
                for (var a = 0; a < count; a++)
                {
                    result.Add(new VersionNeed(file, Text(strings, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                    var nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = U32(need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return result;
    }

    /// <summary>The version names this library defines (e.g. <c>GLIBCXX_3.4.30</c> in libstdc++).</summary>
    public IReadOnlyList<string> VersionDefinitions()
    {
        var result = new List<string>();
        foreach (var section in SectionsOfType(VerDefType))
        {
            var strings = _sections[section.Link];
            var def = section.Offset;
            for (var d = 0; d < section.Info; d++)
            {
                var aux = def + U32(def + 12);
                result.Add(Text(strings, U32(aux)));
                var next = U32(def + 16);
                if (next == 0) break;
                def += next;
            }
        }
        return result;
    }

    /// <summary>The dynamic symbols with their version indices.</summary>
    public IReadOnlyList<DynamicSymbol> DynamicSymbols()
    {
        var dynsym = SectionsOfType(DynSymType).FirstOrDefault();
        if (dynsym is null) return [];
        var strings = _sections[dynsym.Link];
        var versym = SectionsOfType(VerSymType).FirstOrDefault();
        var count = (int)(dynsym.Size / SymbolSize);
        var result = new List<DynamicSymbol>(count);
        for (var i = 0; i < count; i++)
        {
            var s = dynsym.Offset + (long)i * SymbolSize;
            var info = _bytes[s + 4];
            var version = versym is null ? (ushort)0 : (ushort)(U16(versym.Offset + 2L * i) & 0x7fff);
            result.Add(new DynamicSymbol(i, Text(strings, U32(s)), (byte)(info >> 4), (byte)(info & 0xf), U16(s + 6), version, s + 4));
        }
        return result;
    }

    private IEnumerable<Section> SectionsOfType(uint type) => _sections.Where(s => s.Type == type);

    private string Text(Section strings, uint offset)
    {
        var start = strings.Offset + offset;
        if (offset >= strings.Size) throw Bad(strings.Offset, $"string offset {offset} is past the end of string table section {strings.Index}");
        var end = start;
        while (end < strings.Offset + strings.Size && _bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(_bytes, (int)start, (int)(end - start));
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Span(at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Span(at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Span(at, 8));

    private ReadOnlySpan<byte> Span(long at, int length) =>
        at >= 0 && at + length <= _bytes.Length ? _bytes.AsSpan((int)at, length) : throw Bad(at, $"a {length}-byte field lies outside the file");

    private InvalidDataException Bad(long offset, string problem) => new($"{Source}: byte offset {offset}: {problem}");
}
