using System.Globalization;
using System.Text;
using Analysis.Stats;
using Apache.Arrow;
using Deedle;

namespace Analysis.Federation;

/// <summary>A gene's carriers among a cohort's patients: at one site, or pooled over the sites that answered.</summary>
/// <param name="Gene">The HUGO symbol.</param>
/// <param name="Carriers">Patients carrying a counted variant (pooled: the sum of the counts shown); a withheld count is 0 and makes it a lower bound.</param>
/// <param name="Patients">The cohort's size (pooled: the sum over the answering sites).</param>
/// <param name="SuppressedAt">Sites that withheld this gene's count under their cell rule (each had from 0 to the threshold - 1 carriers).</param>
public sealed record CarrierFrequency(string Gene, Count Carriers, long Patients, IReadOnlyList<string> SuppressedAt)
{
    /// <summary>Whether a site withheld its count, so <see cref="Carriers"/> and <see cref="Frequency"/> are lower bounds.</summary>
    public bool IsLowerBound => Carriers.IsLowerBound;

    /// <summary>Carriers / patients (a lower bound when <see cref="IsLowerBound"/>).</summary>
    public double Frequency => Patients > 0 ? (double)Carriers.N / Patients : 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var bound = IsLowerBound ? "≥" : "";
        // A site's withheld count shows as the site showed it ("<5"), never as a frequency of 0.
        return SuppressedAt.Count > 0 && Carriers.Display.StartsWith('<')
            ? $"{Gene}: {Carriers.Display}/{Patients}"
            : $"{Gene}: {bound}{Carriers.N}/{Patients} ({bound}{Frequency.ToString("P1", CultureInfo.InvariantCulture)})";
    }
}

/// <summary>Per gene, the patients of a cohort carrying a counted variant: one site's answer, or the federation's.</summary>
/// <param name="Patients">The cohort's size (the frequencies' denominator).</param>
/// <param name="Genes">The genes, most carriers first unless they were named.</param>
public sealed record MutationFrequencies(long Patients, IReadOnlyList<CarrierFrequency> Genes) : ITabular
{
    /// <summary>The frequency of <paramref name="gene"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">The gene is not in the result.</exception>
    public CarrierFrequency this[string gene] => Find(gene) ?? throw new KeyNotFoundException($"'{gene}' is not in the result; it has {string.Join(", ", Genes.Select(g => g.Gene))}");

    /// <summary>The frequency of <paramref name="gene"/> (case-insensitive), or null when it is not in the result.</summary>
    public CarrierFrequency? Find(string gene) => Genes.FirstOrDefault(g => string.Equals(g.Gene, gene, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<(string Gene, long Carriers, bool LowerBound, long Patients, double Frequency)> Rows() =>
        Genes.Select(g => (g.Gene, g.Carriers.N, g.IsLowerBound, g.Patients, g.Frequency));

    /// <summary>One row per gene: carriers, whether that is a lower bound, patients and frequency.</summary>
    public Frame<int, string> ToFrame() =>
        Frame.FromRecords(Rows().Select(r => new { r.Gene, r.Carriers, LowerBound = r.LowerBound, r.Patients, r.Frequency }).ToList());

    /// <summary>The rows of <see cref="ToFrame"/> as an Arrow record batch.</summary>
    public RecordBatch ToArrow()
    {
        var rows = Rows().ToList();
        return new RecordBatch.Builder()
            .Append("Gene", false, c => c.String(b => b.AppendRange(rows.Select(r => r.Gene))))
            .Append("Carriers", false, c => c.Int64(b => b.AppendRange(rows.Select(r => r.Carriers))))
            .Append("LowerBound", false, c => c.Boolean(b => b.AppendRange(rows.Select(r => r.LowerBound))))
            .Append("Patients", false, c => c.Int64(b => b.AppendRange(rows.Select(r => r.Patients))))
            .Append("Frequency", false, c => c.Double(b => b.AppendRange(rows.Select(r => r.Frequency))))
            .Build();
    }

    /// <summary>One line per gene.</summary>
    public override string ToString() => string.Join('\n', Genes);
}
