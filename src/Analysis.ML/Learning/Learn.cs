using Deedle;

namespace Analysis.ML.Learning;

/// <summary>Entry points for ML.NET learning over frames, in the manner of ML.NET's MLContext catalogs.</summary>
/// <example><code>
/// var wdbc = Datasets.BreastCancerWisconsin();
/// var model = Learn.BinaryClassification(wdbc, label: "diagnosis").Using(Trainer.LightGbm()).Seed(1).Fit();
/// model.CrossValidate(folds: 5)
/// </code></example>
public static class Learn
{
    /// <summary>Predict a two-valued label (bool, 0/1, or two strings) from numeric features.</summary>
    /// <param name="frame">The training rows.</param>
    /// <param name="label">The label column.</param>
    /// <param name="features">The feature columns; every other numeric column when omitted.</param>
    /// <param name="positive">The label value counted as positive; when omitted, the later of the two in sort order (<c>True</c>, <c>1</c>, <c>malignant</c> over <c>benign</c>).</param>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values, or the label does not have two values; the message names it.</exception>
    public static BinaryClassification BinaryClassification<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null, string? positive = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label, positive);

    /// <summary>Predict one of several classes from numeric features.</summary>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values; the message names it.</exception>
    public static MulticlassClassification MulticlassClassification<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label);

    /// <summary>Predict a numeric label from numeric features.</summary>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values, or the label is not numeric; the message names it.</exception>
    public static Regression Regression<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label);
}
