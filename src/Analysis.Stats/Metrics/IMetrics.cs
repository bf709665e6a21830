namespace Analysis.Stats;

/// <summary>Evaluation results with named scalar figures (AUC, accuracy, RMSE...), shown as a frame or text.</summary>
public interface IMetrics
{
    /// <summary>The scalar figures in display order, e.g. <c>("auc", 0.97)</c>.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Scalars { get; }
}
