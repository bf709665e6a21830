using System.Globalization;

namespace Analysis.ML.Torch;

/// <summary>One epoch's report.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs asked for.</param>
/// <param name="Loss">Mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="Accuracy">Training accuracy of the epoch's batch predictions (classifiers; null for numeric outputs).</param>
/// <param name="ValidationLoss">Loss on the validation rows after the epoch, when given.</param>
/// <param name="ValidationAuc">AUC on the validation rows (binary networks), when given.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double Loss, double? Accuracy, double? ValidationLoss, double? ValidationAuc, TimeSpan Elapsed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"epoch {Epoch}/{Epochs}: loss {Loss.ToString("0.#####", CultureInfo.InvariantCulture)}"
        + (Accuracy is { } a ? $", accuracy {a.ToString("0.###", CultureInfo.InvariantCulture)}" : "")
        + (ValidationLoss is { } v ? $", validation loss {v.ToString("0.#####", CultureInfo.InvariantCulture)}" : "")
        + (ValidationAuc is { } auc ? $", validation AUC {auc.ToString("0.###", CultureInfo.InvariantCulture)}" : "")
        + $" ({Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
}

/// <summary>What a training run did.</summary>
/// <param name="History">One report per epoch run.</param>
/// <param name="BestEpoch">The epoch whose weights the network holds (the last, unless early stopping restored a better one).</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="Device">The device trained on.</param>
public sealed record TrainingResult(IReadOnlyList<TrainingProgress> History, int BestEpoch, bool StoppedEarly, string Device)
{
    /// <summary>The training loss of the last epoch.</summary>
    public double FinalLoss => History[^1].Loss;

    /// <inheritdoc />
    public override string ToString() =>
        $"{History.Count} epochs on {Device}{(StoppedEarly ? " (stopped early)" : "")}, best epoch {BestEpoch}; last: {History[^1]}";
}
