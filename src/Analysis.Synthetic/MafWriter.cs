using System.Globalization;
using System.Text;

namespace Analysis.Synthetic;

/// <summary>Writes tumour variants as a GDC MAF: <c>#version gdc-1.0.0</c>, a header row, then tab-separated rows.</summary>
public sealed class MafWriter : IDisposable
{
    /// <summary>The columns written, in order (a subset of the GDC MAF specification).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "Hugo_Symbol", "NCBI_Build", "Chromosome", "Start_Position", "End_Position", "Strand",
        "Variant_Classification", "Variant_Type", "Reference_Allele", "Tumor_Seq_Allele1", "Tumor_Seq_Allele2",
        "Tumor_Sample_Barcode", "HGVSc", "HGVSp_Short", "t_depth", "t_ref_count", "t_alt_count",
    ];

    private readonly StreamWriter _out;

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes the version line and header.</summary>
    public MafWriter(string path)
    {
        // No BOM and "\n" line ends on every OS, so files are byte-identical wherever they are made.
        _out = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        _out.WriteLine("#version gdc-1.0.0");
        _out.WriteLine(string.Join('\t', Columns));
    }

    /// <summary>Variant rows written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Writes one row per variant of <paramref name="patient"/>.</summary>
    public void Write(SyntheticPatient patient)
    {
        foreach (var v in patient.Variants)
        {
            Count++;
            var inv = CultureInfo.InvariantCulture;
            _out.Write(string.Join('\t',
                v.Gene, "GRCh38", v.Chromosome, v.Start.ToString(inv), v.End.ToString(inv), "+",
                v.Classification, v.Type, v.Reference, v.Reference, v.Alternate,
                patient.Id, v.HgvsC, v.HgvsP, (v.RefCount + v.AltCount).ToString(inv), v.RefCount.ToString(inv), v.AltCount.ToString(inv)));
            _out.Write('\n');
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _out.Dispose();
}
