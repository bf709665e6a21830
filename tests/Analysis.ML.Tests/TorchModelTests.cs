using Analysis.ML.Torch;
using TorchSharp;

namespace Analysis.ML.Tests;

public sealed class TorchModelTests
{
    public TorchModelTests() => Peers.OneTorchThread();

    private static TabularTensors Wdbc() => Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis");

    private static TrainingOptions Options(int seed) => new() { Epochs = 3, BatchSize = 32, LearningRate = 1e-2, Seed = seed, Device = Device.Cpu };

    [Fact]
    public void Same_seed_gives_identical_weights_and_another_seed_does_not()
    {
        using var data = Wdbc();
        float[] Train(int seed)
        {
            using var mlp = TabularMlp.Create(inputs: 30, hidden: [16, 8], dropout: 0.2, seed: seed);
            mlp.Fit(data, Options(seed));
            return mlp.GetWeights();
        }
        var first = Train(5);
        Assert.Equal(first, Train(5));
        Assert.NotEqual(first, Train(6));
    }

    [Fact]
    public void Training_reports_each_epoch_and_separates_wdbc()
    {
        var frame = Datasets.BreastCancerWisconsin();
        var train = frame.Rows[frame.RowKeys.Where(k => k % 4 != 0).ToArray()];
        var test = frame.Rows[frame.RowKeys.Where(k => k % 4 == 0).ToArray()];
        using var trainData = Tensors.FromFrame(train, label: "diagnosis");
        using var testData = Tensors.FromFrame(test, label: "diagnosis", scaling: trainData.Scaling);
        using var mlp = TabularMlp.Create(inputs: 30, hidden: [16], seed: 1);
        var reports = new List<TrainingProgress>();
        var result = mlp.Fit(trainData, new TrainingOptions { Epochs = 15, LearningRate = 1e-2, ValidationX = testData.X, ValidationY = testData.Y, Device = Device.Auto },
            new Reporter<TrainingProgress>(reports.Add));
        Assert.Equal(15, reports.Count);
        Assert.Equal(Enumerable.Range(1, 15), reports.Select(r => r.Epoch));
        Assert.True(reports[^1].Loss < reports[0].Loss, result.ToString());
        Assert.True(reports[^1].ValidationAuc > 0.97, result.ToString());
        Assert.Equal(["benign", "malignant"], trainData.Classes);
        Assert.Equal(15, result.ToFrame().RowCount);
        var p = mlp.PredictProbability(testData.X);
        Assert.Equal(testData.Count, p.Length);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Early_stopping_keeps_the_best_weights()
    {
        using var data = Wdbc();
        // Validation on a small noisy slice with a high learning rate: the loss stops improving soon.
        using var index = torch.arange(0, 40);
        using var vx = data.X.index_select(0, index);
        using var labels = data.Y!.index_select(0, index);
        using var vy = torch.tensor(labels.data<float>().ToArray().Select(v => 1 - v).ToArray(), labels.shape);
        using var mlp = TabularMlp.Create(inputs: 30, hidden: [32], seed: 2);
        var result = mlp.Fit(data, new TrainingOptions { Epochs = 100, LearningRate = 5e-2, EarlyStoppingPatience = 3, ValidationX = vx, ValidationY = vy, Device = Device.Cpu });
        Assert.True(result.StoppedEarly, result.ToString());
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        var best = result.History[result.BestEpoch - 1].ValidationLoss!.Value;
        Assert.Equal(best, result.History.Min(h => h.ValidationLoss!.Value));
        using var output = torch.tensor(mlp.Predict(vx).SelectMany(r => r).ToArray(), [40, 1]);
        using var loss = NetworkTraining.Loss(OutputKind.Binary, output, vy);
        Assert.Equal(best, loss.item<float>(), 5);
    }

    [Fact]
    public void Full_batch_sgd_steps_match_pytorch_from_the_same_initial_weights()
    {
        using var data = Wdbc();
        using var mlp = TabularMlp.Create(inputs: 30, hidden: [8, 4], seed: 3);
        var initial = mlp.GetWeights();
        mlp.Fit(data, new TrainingOptions { Epochs = 5, BatchSize = 0, LearningRate = 0.5, Optimizer = OptimizerKind.Sgd, Device = Device.Cpu });
        var x = data.X.data<float>().ToArray();
        var y = data.Y!.data<float>().ToArray();
        var expected = Peers.PyTorchMlpWeights(initial, x, y, "SGD(net.parameters(), lr=0.5)");
        var actual = mlp.GetWeights();
        Assert.Equal(expected.Length, actual.Length);
        Assert.NotEqual(initial, actual);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"weight {i}: PyTorch {expected[i]}, ours {actual[i]}");
    }

    [Fact]
    public void Slice_cnn_learns_bright_squares_from_pixel_arrays()
    {
        // 64 slices of 16x16: half with a bright 5x5 square somewhere, half noise only.
        var rng = new Random(4);
        const int n = 64, size = 16, square = 5;
        var pixels = new float[n * size * size];
        var labels = new float[n];
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < size * size; p++) pixels[i * size * size + p] = (float)rng.NextDouble() * 0.3f;
            if (i % 2 == 0) continue;
            labels[i] = 1;
            int r0 = rng.Next(size - square), c0 = rng.Next(size - square);
            for (var r = r0; r < r0 + square; r++)
                for (var c = c0; c < c0 + square; c++) pixels[i * size * size + r * size + c] = 1;
        }
        using var x = Tensors.FromArray(pixels, [n, 1, size, size]);
        using var y = Tensors.FromArray(labels, [n, 1]);
        using var cnn = SliceCnn.Create(height: size, width: size, channels: 4, hidden: 16, dropout: 0, seed: 1);
        var result = cnn.Fit(x, y, new TrainingOptions { Epochs = 20, BatchSize = 16, LearningRate = 3e-3, Device = Device.Cpu });
        Assert.True(result.History[^1].Accuracy > 0.9, result.ToString());
        Assert.Equal(n, cnn.PredictProbability(x).Length);
        using var wrong = torch.zeros(2, 1, 32, 32);
        var e = Assert.Throws<ArgumentException>(() => cnn.Predict(wrong));
        Assert.Contains("expects [batch, 1, 16, 16], got [2, 1, 32, 32]", e.Message);
    }

    [Fact]
    public void Bad_shapes_and_columns_are_refused_with_the_reason()
    {
        var shape = Assert.Throws<ArgumentException>(() => Tensors.FromArray(new float[10], [2, 1, 2, 2]));
        Assert.Contains("shape [2, 1, 2, 2] holds 8 values but the data has 10", shape.Message);
        var column = Assert.Throws<ArgumentException>(() => Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis", features: ["mean_radius", "grade"]));
        Assert.Contains("feature column 'grade' is not in the frame", column.Message);
        var layers = Assert.Throws<ArgumentException>(() => TabularMlp.Create(inputs: 3, hidden: [4, 0]));
        Assert.Contains("hidden layer widths must be positive", layers.Message);
        using var mlp = TabularMlp.Create(inputs: 3, hidden: [2]);
        var weights = Assert.Throws<ArgumentException>(() => mlp.SetWeights(new float[3]));
        Assert.Contains("weights has 3 floats but the model has 11 parameters", weights.Message);
        Assert.Throws<FormatException>(() => Weights.FromBase64("AAAA="));
        Assert.Contains("not a whole number", Assert.Throws<FormatException>(() => Weights.FromBase64(Convert.ToBase64String(new byte[6]))).Message);
    }
}
