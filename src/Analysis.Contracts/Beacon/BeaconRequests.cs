using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analysis.Contracts.Beacon;

/// <summary>The <c>meta</c> of a Beacon v2 request.</summary>
public sealed record BeaconRequestMeta
{
    /// <summary>The Beacon API version the client speaks, e.g. <c>v2.0</c>.</summary>
    public string? ApiVersion { get; init; }
}

/// <summary>A Beacon v2 filter: an ontology term (<c>NCIT:C16576</c>), or a field compared with a value (<c>age_at_diagnosis &gt;= 60</c>).</summary>
public sealed record BeaconFilter
{
    /// <summary>The term's CURIE, or the field's name.</summary>
    public string? Id { get; init; }

    /// <summary>For a comparison: <c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>; null for a term.</summary>
    public string? Operator { get; init; }

    /// <summary>For a comparison: the value (a string or a number in JSON).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The value as text (a JSON number as it was written); null when there is none.</summary>
    [JsonIgnore]
    public string? ValueText => Value is not { } v ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();

    /// <summary>A term filter.</summary>
    public static BeaconFilter Term(string curie) => new() { Id = curie };

    /// <summary>A comparison filter with a text value.</summary>
    public static BeaconFilter Compare(string field, string @operator, string value) =>
        new() { Id = field, Operator = @operator, Value = JsonSerializer.SerializeToElement(value, ContractJson.Default.String) };

    /// <summary>A comparison filter with a numeric value.</summary>
    public static BeaconFilter Compare(string field, string @operator, long value) =>
        new() { Id = field, Operator = @operator, Value = JsonSerializer.SerializeToElement(value, ContractJson.Default.Int64) };

    /// <inheritdoc />
    public override string ToString() => Operator is null ? Id ?? "" : $"{Id} {Operator} {ValueText}";
}

/// <summary>The <c>query</c> of a Beacon v2 individuals request.</summary>
public sealed record BeaconRequestQuery
{
    /// <summary>Filters that must all hold.</summary>
    public IReadOnlyList<BeaconFilter>? Filters { get; init; }

    /// <summary><c>boolean</c> or <c>count</c> (the default).</summary>
    public string? RequestedGranularity { get; init; }
}

/// <summary>Body of <c>POST /api/individuals</c>.</summary>
public sealed record BeaconRequest
{
    /// <summary>The request's meta.</summary>
    public BeaconRequestMeta? Meta { get; init; }

    /// <summary>The query.</summary>
    public BeaconRequestQuery? Query { get; init; }
}

/// <summary>
/// The <c>requestParameters</c> of a Beacon v2 genomic-variant request: a position (0-based, as Beacon counts), a
/// range, a gene, or a protein change, optionally with alleles.
/// </summary>
public sealed record VariantQuery
{
    /// <summary>Chromosome: <c>1</c>-<c>22</c>, <c>X</c>, <c>Y</c>, <c>MT</c> (a <c>chr</c> prefix is accepted).</summary>
    public string? ReferenceName { get; init; }

    /// <summary>0-based start position.</summary>
    public long? Start { get; init; }

    /// <summary>0-based exclusive end of a range query; null for a single position.</summary>
    public long? End { get; init; }

    /// <summary>Reference allele.</summary>
    public string? ReferenceBases { get; init; }

    /// <summary>Alternate allele.</summary>
    public string? AlternateBases { get; init; }

    /// <summary>An HGNC gene symbol.</summary>
    public string? GeneId { get; init; }

    /// <summary>A protein change, e.g. <c>G12D</c> or <c>p.G12D</c>.</summary>
    public string? AminoacidChange { get; init; }

    /// <summary>A variant at one 0-based position, optionally with alleles.</summary>
    public static VariantQuery At(string referenceName, long start, string? referenceBases = null, string? alternateBases = null) =>
        new() { ReferenceName = referenceName, Start = start, ReferenceBases = referenceBases, AlternateBases = alternateBases };

    /// <summary>Any variant in [<paramref name="start"/>, <paramref name="end"/>), 0-based.</summary>
    public static VariantQuery Range(string referenceName, long start, long end) => new() { ReferenceName = referenceName, Start = start, End = end };

    /// <summary>Any variant in a gene.</summary>
    public static VariantQuery InGene(string symbol) => new() { GeneId = symbol };

    /// <summary>This query narrowed to a protein change.</summary>
    public VariantQuery Protein(string change) => this with { AminoacidChange = change };

    /// <inheritdoc />
    public override string ToString() => string.Join(" ", new[]
    {
        ReferenceName is null ? null : $"{ReferenceName}:{Start?.ToString(CultureInfo.InvariantCulture)}{(End is { } e ? $"-{e.ToString(CultureInfo.InvariantCulture)}" : "")}",
        ReferenceBases is null && AlternateBases is null ? null : $"{ReferenceBases ?? "N"}>{AlternateBases ?? "N"}",
        GeneId, AminoacidChange,
    }.OfType<string>());
}

/// <summary>The <c>query</c> of a Beacon v2 genomic-variant request.</summary>
public sealed record BeaconVariantQuery
{
    /// <summary>What variant to look for.</summary>
    public VariantQuery? RequestParameters { get; init; }

    /// <summary><c>boolean</c> or <c>count</c> (the default).</summary>
    public string? RequestedGranularity { get; init; }
}

/// <summary>Body of <c>POST /api/g_variants</c>.</summary>
public sealed record BeaconVariantRequest
{
    /// <summary>The request's meta.</summary>
    public BeaconRequestMeta? Meta { get; init; }

    /// <summary>The query.</summary>
    public BeaconVariantQuery? Query { get; init; }
}
