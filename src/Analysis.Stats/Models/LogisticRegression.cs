using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Local logistic regression over a frame or record batch, equal to R's <c>glm(..., family = binomial)</c>.
/// <code>
/// var fit = LogisticRegression.Logistic(lung, "status", ["age", "sex", "ph.ecog"]);   // status 2 = positive
/// fit["age"].OddsRatio
/// </code>
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits a logistic regression with an intercept on the complete cases of a frame.</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="outcome">Outcome column: 0/1, 1/2 (2 = positive) or boolean; or any column with <paramref name="positive"/>.</param>
    /// <param name="covariates">Covariate columns: numeric ones enter as they are, text/boolean ones as dummies against their first level.</param>
    /// <param name="positive">The outcome's positive level, for a text outcome.</param>
    /// <param name="options">Newton-Raphson options.</param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, no complete cases, or a covariate is constant or collinear (named).</exception>
    public static LogisticResult Logistic<TRow>(Frame<TRow, string> frame, string outcome, IReadOnlyList<string> covariates,
        string? positive = null, NewtonOptions? options = null) where TRow : notnull =>
        Logistic(ColumnSource.From(frame), outcome, covariates, positive, options);

    /// <summary>Fits a logistic regression with an intercept on the complete cases of a record batch.</summary>
    /// <inheritdoc cref="Logistic{TRow}(Frame{TRow, string}, string, IReadOnlyList{string}, string?, NewtonOptions?)"/>
    public static LogisticResult Logistic(RecordBatch batch, string outcome, IReadOnlyList<string> covariates,
        string? positive = null, NewtonOptions? options = null) =>
        Logistic(ColumnSource.From(batch), outcome, covariates, positive, options);

    /// <summary>Fits a logistic regression with an intercept on the complete cases of a table.</summary>
    /// <inheritdoc cref="Logistic{TRow}(Frame{TRow, string}, string, IReadOnlyList{string}, string?, NewtonOptions?)"/>
    public static LogisticResult Logistic(ColumnSource table, string outcome, IReadOnlyList<string> covariates,
        string? positive = null, NewtonOptions? options = null)
    {
        var score = LogisticScore.FromTable(table, outcome, covariates, positive);
        return LogisticResult.From(NewtonRaphson.Fit(score.Columns, score.Evaluate, options));
    }
}
