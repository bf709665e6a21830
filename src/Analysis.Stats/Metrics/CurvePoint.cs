namespace Analysis.Stats;

/// <summary>One point of a ROC curve (X false-positive rate, Y true-positive rate) or a PR curve (X recall, Y precision).</summary>
/// <param name="Threshold">Scores at or above it count as positive.</param>
/// <param name="X">False-positive rate (ROC) or recall (PR).</param>
/// <param name="Y">True-positive rate (ROC) or precision (PR).</param>
public sealed record CurvePoint(double Threshold, double X, double Y);
