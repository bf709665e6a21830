using System.Text.Json.Nodes;

namespace Analysis.Federation;

/// <summary>
/// A Beacon v2 <c>g_variants</c> query: a position (GRCh38 reference name and 0-based start, optionally an end and the
/// reference and alternate bases), a gene, or an amino-acid change. Immutable: each call returns a new query.
/// </summary>
public sealed record VariantQuery
{
    /// <summary>Chromosome, e.g. <c>12</c> or <c>chr12</c>.</summary>
    public string? ReferenceName { get; init; }

    /// <summary>0-based start (Beacon convention: a MAF or VCF position minus one).</summary>
    public long? Start { get; init; }

    /// <summary>0-based exclusive end; with it the query is a range.</summary>
    public long? End { get; init; }

    /// <summary>Reference bases.</summary>
    public string? ReferenceBases { get; init; }

    /// <summary>Alternate bases.</summary>
    public string? AlternateBases { get; init; }

    /// <summary>Gene symbol, e.g. <c>KRAS</c>.</summary>
    public string? GeneId { get; init; }

    /// <summary>Protein change, e.g. <c>G12D</c>.</summary>
    public string? AminoacidChange { get; init; }

    /// <summary>A single-position variant: <paramref name="start"/> is 0-based.</summary>
    public static VariantQuery At(string referenceName, long start, string? referenceBases = null, string? alternateBases = null) =>
        new() { ReferenceName = referenceName, Start = start, ReferenceBases = referenceBases, AlternateBases = alternateBases };

    /// <summary>Any variant in [<paramref name="start"/>, <paramref name="end"/>) (0-based, end exclusive).</summary>
    public static VariantQuery Range(string referenceName, long start, long end) => new() { ReferenceName = referenceName, Start = start, End = end };

    /// <summary>Any variant in a gene.</summary>
    public static VariantQuery InGene(string symbol) => new() { GeneId = symbol };

    /// <summary>Narrows to a protein change, e.g. <c>InGene("KRAS").Protein("G12V")</c>.</summary>
    public VariantQuery Protein(string change) => this with { AminoacidChange = change };

    internal JsonObject ToRequest(Granularity granularity)
    {
        var parameters = new JsonObject();
        void Put(string name, JsonNode? value)
        {
            if (value is not null) parameters[name] = value;
        }
        Put("referenceName", ReferenceName);
        Put("start", Start);
        Put("end", End);
        Put("referenceBases", ReferenceBases);
        Put("alternateBases", AlternateBases);
        Put("geneId", GeneId);
        Put("aminoacidChange", AminoacidChange);
        return new JsonObject
        {
            ["meta"] = new JsonObject { ["apiVersion"] = "v2.0" },
            ["query"] = new JsonObject { ["requestParameters"] = parameters, ["requestedGranularity"] = BeaconAnswers.Name(granularity) },
        };
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" ", new[]
    {
        ReferenceName is null ? null : $"{ReferenceName}:{Start}{(End is { } e ? $"-{e}" : "")}",
        ReferenceBases is null && AlternateBases is null ? null : $"{ReferenceBases ?? "N"}>{AlternateBases ?? "N"}",
        GeneId, AminoacidChange,
    }.OfType<string>());
}
