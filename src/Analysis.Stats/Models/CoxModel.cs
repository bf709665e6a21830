using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Local Cox proportional-hazards fits over a frame or record batch, equal to R's <c>coxph</c>: Efron's handling of
/// tied deaths by default, as R's, or Breslow's on request (<c>ties = "breslow"</c>).
/// <code>
/// var cox = CoxModel.Cox(lung, "time", "status", ["age", "sex", "ph.ecog"]);                      // coxph(...)
/// var breslow = CoxModel.Cox(lung, "time", "status", ["age", "sex", "ph.ecog"], ties: CoxTies.Breslow);
/// cox["age"].HazardRatio
/// </code>
/// </summary>
public static class CoxModel
{
    /// <summary>Fits a Cox model on the complete cases of a frame.</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="time">Follow-up time column.</param>
    /// <param name="status">Event status column (0/1, 1/2 with 2 = event, or boolean).</param>
    /// <param name="covariates">Covariate columns: numeric ones enter as they are, text/boolean ones as dummies against their first level.</param>
    /// <param name="strata">Optional column whose levels get separate baseline hazards (R's <c>strata()</c>).</param>
    /// <param name="ties">How deaths at the same time are treated: Efron (the default, as R's) or Breslow.</param>
    /// <param name="options">Newton-Raphson options.</param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, no complete cases, or a covariate is constant or collinear (named).</exception>
    public static CoxResult Cox<TRow>(Frame<TRow, string> frame, string time, string status, IReadOnlyList<string> covariates,
        string? strata = null, CoxTies ties = CoxTies.Efron, NewtonOptions? options = null) where TRow : notnull =>
        Cox(ColumnSource.From(frame), time, status, covariates, strata, ties, options);

    /// <summary>Fits a Cox model on the complete cases of a record batch.</summary>
    /// <inheritdoc cref="Cox{TRow}(Frame{TRow, string}, string, string, IReadOnlyList{string}, string?, CoxTies, NewtonOptions?)"/>
    public static CoxResult Cox(RecordBatch batch, string time, string status, IReadOnlyList<string> covariates,
        string? strata = null, CoxTies ties = CoxTies.Efron, NewtonOptions? options = null) =>
        Cox(ColumnSource.From(batch), time, status, covariates, strata, ties, options);

    /// <summary>Fits a Cox model on the complete cases of a table.</summary>
    /// <inheritdoc cref="Cox{TRow}(Frame{TRow, string}, string, string, IReadOnlyList{string}, string?, CoxTies, NewtonOptions?)"/>
    public static CoxResult Cox(ColumnSource table, string time, string status, IReadOnlyList<string> covariates,
        string? strata = null, CoxTies ties = CoxTies.Efron, NewtonOptions? options = null)
    {
        var score = CoxScore.FromTable(table, time, status, covariates, strata, ties);
        return CoxResult.From(NewtonRaphson.Fit(score.Columns, score.Evaluate, options), ties);
    }
}
