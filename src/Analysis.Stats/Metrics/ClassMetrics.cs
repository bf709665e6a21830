namespace Analysis.Stats;

/// <summary>Precision, recall and F1 of one class against the rest.</summary>
/// <param name="Class">The class.</param>
/// <param name="Support">Rows of that class.</param>
/// <param name="Precision">Of rows predicted as the class, the fraction that are (NaN when none are).</param>
/// <param name="Recall">Of rows of the class, the fraction predicted as it.</param>
/// <param name="F1">Harmonic mean of the two (0 when nothing is right).</param>
public sealed record ClassMetrics(string Class, long Support, double Precision, double Recall, double F1);
