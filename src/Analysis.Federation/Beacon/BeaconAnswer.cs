using System.Globalization;
using Analysis.Contracts.Beacon;

namespace Analysis.Federation;

/// <summary>How exact a Beacon count is.</summary>
public enum CountPrecision
{
    /// <summary>The count is the true number.</summary>
    Exact,

    /// <summary>The count was under the site's threshold and withheld; <see cref="BeaconAnswer.CountAdjustedTo"/> says what it is under.</summary>
    Imprecise,

    /// <summary>The count was rounded by the site.</summary>
    Rounded,
}

/// <summary>A Beacon's answer, or the federation's answer pooled over its beacons.</summary>
/// <param name="Exists">Whether matching individuals exist (a site says no when fewer than its threshold match; pooled: some site says yes).</param>
/// <param name="Count">The count, when asked for and granted (pooled: the sum of the granted counts); null for boolean answers and for counts withheld under the threshold (never 0 for those).</param>
/// <param name="Precision">How exact the count is (pooled: imprecise when a site withheld, rounded, gave no count or was not asked); null for boolean answers.</param>
/// <param name="CountAdjustedTo">For withheld counts, what the site reported instead, e.g. <c>&lt;5</c>.</param>
/// <param name="ReturnedGranularity">The granularity the beacon answered with (it may answer less than asked).</param>
public sealed record BeaconAnswer(bool Exists, long? Count, CountPrecision? Precision, string? CountAdjustedTo, Granularity ReturnedGranularity)
{
    /// <summary>The count was withheld (under the threshold) or is otherwise not exact.</summary>
    public bool IsImprecise => Precision is CountPrecision.Imprecise or CountPrecision.Rounded;

    /// <summary>The true number may be larger than <see cref="Count"/>: the count is imprecise, or there is none.</summary>
    public bool IsLowerBound => Count is null || IsImprecise;

    /// <inheritdoc />
    public override string ToString() => (ReturnedGranularity, Count) switch
    {
        (Granularity.Boolean, _) => Exists ? "yes" : "no",
        (_, { } n) when !IsImprecise => n.ToString(CultureInfo.InvariantCulture),
        // Imprecise: at least this many (a pooled total with a site withheld); rounded: about this many.
        (_, { } n) => $"{(Precision == CountPrecision.Imprecise ? "≥" : "~")}{n.ToString(CultureInfo.InvariantCulture)}",
        _ => CountAdjustedTo ?? "withheld",
    };

    /// <summary>The <c>meta</c> of every request: the Beacon API version the client speaks.</summary>
    internal static BeaconRequestMeta RequestMeta { get; } = new() { ApiVersion = "v2.0" };

    /// <summary>The wire name of a granularity.</summary>
    internal static string Name(Granularity granularity) => granularity == Granularity.Boolean ? "boolean" : "count";

    /// <summary>What is wrong with a Beacon answer the client cannot interpret; null when it can.</summary>
    internal static string? Problem(BeaconResponse response)
    {
        if (response.Meta.ReturnedGranularity is not ("boolean" or "count"))
            return $"meta.returnedGranularity '{response.Meta.ReturnedGranularity}' is neither boolean nor count";
        if (response.Meta.ReturnedGranularity == "boolean") return null;
        var summary = response.ResponseSummary;
        if (summary.CountPrecision is not (null or "exact" or "imprecise" or "rounded"))
            return $"responseSummary.countPrecision '{summary.CountPrecision}' is not exact, imprecise or rounded";
        return summary.NumTotalResults switch
        {
            null => "no 'numTotalResults' in responseSummary",
            < 0 => $"responseSummary.numTotalResults '{summary.NumTotalResults}' is not a count",
            _ => null,
        };
    }

    /// <summary>The answer a Beacon response (already checked by <see cref="Problem"/>) gives.</summary>
    internal static BeaconAnswer From(BeaconResponse response)
    {
        var summary = response.ResponseSummary;
        if (response.Meta.ReturnedGranularity == "boolean") return new(summary.Exists, null, null, null, Granularity.Boolean);
        var precision = summary.CountPrecision switch
        {
            "imprecise" => CountPrecision.Imprecise,
            "rounded" => CountPrecision.Rounded,
            _ => CountPrecision.Exact,
        };
        var adjusted = summary.CountAdjustedTo is { } a ? string.Join(", ", a) : null;
        // A withheld count is sent as 0 by some beacons; it is not a zero, so it is not passed on as one.
        var granted = precision == CountPrecision.Imprecise && summary.NumTotalResults == 0 ? null : summary.NumTotalResults;
        return new(summary.Exists, granted, precision, adjusted, Granularity.Count);
    }

    /// <summary>The federation's answer: some beacon says yes, the granted counts summed, imprecise unless every site asked gave an exact count.</summary>
    internal static BeaconAnswer Pool(IReadOnlyList<BeaconAnswer> answers, bool everySiteAnswered)
    {
        long? total = answers.Any(a => a.Count is not null) ? answers.Sum(a => a.Count ?? 0) : null;
        var exact = everySiteAnswered && answers.All(a => a is { Count: not null, IsImprecise: false });
        var granularity = total is null ? Granularity.Boolean : Granularity.Count;
        return new(answers.Any(a => a.Exists), total, granularity == Granularity.Boolean ? null : exact ? CountPrecision.Exact : CountPrecision.Imprecise, null, granularity);
    }
}
