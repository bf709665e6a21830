using Analysis.Stats;

namespace Analysis.Node.Tests;

/// <summary>
/// The pooled reference: design rows built straight from the fixture patients (not by the node's SQL), with their
/// likelihoods and fits computed by Analysis.Stats on the pooled rows. Stats is the one implementation of the models,
/// checked against R in its own tests; here it checks that the node loads, codes and sums the right rows.
/// </summary>
public static class ModelReference
{
    public const int Grid = 30;

    public static string Category(FixturePatient p, string variable) => variable switch
    {
        "sex" => p.Sex,
        "stage_group" => p.Stage,
        "t" => p.T,
        "n" => p.N,
        "m" => p.M,
        "event" => p.Event.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "diagnosis" => p.Snomed,
        _ => throw new ArgumentException(variable),
    };

    /// <summary>The value of a node column name (<c>(intercept)</c>, <c>age_at_diagnosis</c>, <c>sex=male</c>) for a patient.</summary>
    public static double Value(FixturePatient p, string column)
    {
        if (column == "(intercept)") return 1;
        if (column == "age_at_diagnosis") return p.Age;
        if (column == "followup_days") return p.FollowupDays;
        var parts = column.Split('=');
        return Category(p, parts[0]) == parts[1] ? 1 : 0;
    }

    public static double[] Row(FixturePatient p, IReadOnlyList<string> columns) => columns.Select(c => Value(p, c)).ToArray();

    /// <summary>Follow-up rounded up to the node's survival grid.</summary>
    public static long GridTime(FixturePatient p) => (long)Math.Ceiling(p.FollowupDays / (double)Grid) * Grid;

    /// <summary>The logistic score, information and log-likelihood of the pooled rows at <paramref name="beta"/>.</summary>
    public static ScoreStep Logistic(IReadOnlyList<FixturePatient> patients, IReadOnlyList<string> columns, Func<FixturePatient, bool> outcome, double[] beta) =>
        new LogisticScore(columns, patients.Select(outcome).ToArray(), patients.Select(p => Row(p, columns)).ToArray()).Evaluate(beta);

    /// <summary>
    /// The partial likelihood with one stratum per site: a death's risk set is its own site's patients still followed, and
    /// (Efron) the deaths it is tied with are its own site's deaths at the same grid time.
    /// </summary>
    public static ScoreStep Cox(IReadOnlyList<IReadOnlyList<FixturePatient>> sites, IReadOnlyList<string> columns, double[] beta, CoxTies ties = CoxTies.Efron)
    {
        var rows = sites.SelectMany((site, s) => site.Select(p => (Patient: p, Site: s.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        return new CoxScore(columns, rows.Select(r => (double)GridTime(r.Patient)).ToArray(), rows.Select(r => r.Patient.Deceased).ToArray(),
            rows.Select(r => Row(r.Patient, columns)).ToArray(), rows.Select(r => r.Site).ToArray(), ties).Evaluate(beta);
    }

    /// <summary>Newton-Raphson (Analysis.Stats) from zeros over <paramref name="evaluate"/>'s steps, which must converge.</summary>
    /// <param name="columns">The coefficients.</param>
    /// <param name="events">The outcome or event count of the rows (a logistic node does not send it).</param>
    /// <param name="evaluate">The step at a coefficient vector.</param>
    public static async Task<double[]> NewtonRaphson(IReadOnlyList<string> columns, long events, Func<double[], Task<ScoreStep>> evaluate)
    {
        var fit = await Stats.NewtonRaphson.FitAsync(columns, async (beta, _) => (await evaluate(beta)) with { Events = events });
        Assert.True(fit.Converged, fit.Warning);
        return fit.Beta;
    }
}
