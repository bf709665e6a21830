using System.Text.Json;

namespace Analysis.Federation;

/// <summary>How exact a Beacon count is.</summary>
public enum CountPrecision
{
    /// <summary>The count is the true number.</summary>
    Exact,

    /// <summary>The count was under the site's threshold and withheld; <see cref="BeaconResponse.CountAdjustedTo"/> says what it is under.</summary>
    Imprecise,

    /// <summary>The count was rounded by the site.</summary>
    Rounded,
}

/// <summary>One beacon's answer.</summary>
/// <param name="Exists">Whether matching individuals exist (a site says no when fewer than its threshold match).</param>
/// <param name="Count">The count, when asked for and granted; null for boolean answers and for counts withheld under the threshold (never 0 for those).</param>
/// <param name="Precision">How exact the count is; null for boolean answers.</param>
/// <param name="CountAdjustedTo">For withheld counts, what the site reported instead, e.g. <c>&lt;5</c>.</param>
/// <param name="ReturnedGranularity">The granularity the beacon answered with (it may answer less than asked).</param>
public sealed record BeaconResponse(bool Exists, long? Count, CountPrecision? Precision, string? CountAdjustedTo, Granularity ReturnedGranularity)
{
    /// <summary>The count was withheld (under the threshold) or is otherwise not exact.</summary>
    public bool IsImprecise => Precision is CountPrecision.Imprecise or CountPrecision.Rounded;

    /// <inheritdoc />
    public override string ToString() => (ReturnedGranularity, Count) switch
    {
        (Granularity.Boolean, _) => Exists ? "yes" : "no",
        (_, { } n) when !IsImprecise => $"{n}",
        (_, { } n) => $"~{n}",
        _ => CountAdjustedTo ?? "withheld",
    };
}

/// <summary>Reads Beacon v2 answers, naming the member that is missing or malformed.</summary>
internal static class BeaconAnswers
{
    public static string Name(Granularity granularity) => granularity == Granularity.Boolean ? "boolean" : "count";

    /// <exception cref="UnexpectedAnswerException">A required member is missing or of the wrong type; the message names it.</exception>
    public static BeaconResponse Read(JsonElement root)
    {
        var meta = UnexpectedAnswerException.Member(root, "meta");
        var returned = UnexpectedAnswerException.Member(meta, "returnedGranularity").GetString() switch
        {
            "boolean" => Granularity.Boolean,
            "count" => Granularity.Count,
            var other => throw new UnexpectedAnswerException($"meta.returnedGranularity '{other}' is neither boolean nor count"),
        };
        var summary = UnexpectedAnswerException.Member(root, "responseSummary");
        var exists = UnexpectedAnswerException.Member(summary, "exists");
        if (exists.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new UnexpectedAnswerException("responseSummary.exists is not true or false");
        if (returned == Granularity.Boolean) return new BeaconResponse(exists.GetBoolean(), null, null, null, returned);

        var precision = summary.TryGetProperty("countPrecision", out var p) ? p.GetString() switch
        {
            "exact" => CountPrecision.Exact,
            "imprecise" => CountPrecision.Imprecise,
            "rounded" => CountPrecision.Rounded,
            var other => throw new UnexpectedAnswerException($"responseSummary.countPrecision '{other}' is not exact, imprecise or rounded"),
        } : CountPrecision.Exact;
        var total = UnexpectedAnswerException.Member(summary, "numTotalResults");
        if (!total.TryGetInt64(out var count) || count < 0)
            throw new UnexpectedAnswerException($"responseSummary.numTotalResults '{total}' is not a count");
        var adjusted = summary.TryGetProperty("countAdjustedTo", out var a) && a.ValueKind == JsonValueKind.Array
            ? string.Join(", ", a.EnumerateArray().Select(e => e.ToString())) : null;
        // A withheld count is sent as 0 by some beacons; it is not a zero, so it is not passed on as one.
        var granted = precision == CountPrecision.Imprecise && count == 0 ? (long?)null : count;
        return new BeaconResponse(exists.GetBoolean(), granted, precision, adjusted, returned);
    }
}
