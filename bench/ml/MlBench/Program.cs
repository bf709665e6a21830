// Times what bench_ml.py compares against PyTorch and scikit-learn; prints one JSON object.
using System.Diagnostics;
using System.Text.Json;
using Analysis.ML;
using Analysis.ML.Learning;
using Analysis.ML.Torch;
using TorchSharp;

var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
int rows = 50_000, features = 30, batch = 256, repeats = 5;
TorchRuntime.SetThreads(threads);

var rng = new Random(1);
var x = new float[rows * features];
for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
var y = new float[rows];
for (var r = 0; r < rows; r++) y[r] = x[r * features] + x[r * features + 1] > 0 ? 1 : 0;
using var tx = Tensors.FromArray(x, [rows, features]);
using var ty = Tensors.FromArray(y, [rows, 1]);
using var mlp = TabularMlp.Create(features, [64, 32], seed: 1);
var options = new TrainingOptions { Epochs = 1, BatchSize = batch, LearningRate = 1e-3, Optimizer = OptimizerKind.Adam, Device = Device.Cpu };
mlp.Fit(tx, ty, options);
var epochs = Median(() => mlp.Fit(tx, ty, options));

var wdbc = Datasets.BreastCancerWisconsin();
Learn.BinaryClassification(wdbc, label: "diagnosis").Fit();
var logistic = Median(() => Learn.BinaryClassification(wdbc, label: "diagnosis").Using(Trainer.LogisticRegression()).Fit());
var lightGbm = Median(() => Learn.BinaryClassification(wdbc, label: "diagnosis").Using(Trainer.LightGbm(trees: 100, leaves: 20)).Fit());

Console.WriteLine(JsonSerializer.Serialize(new { threads, rows, features, batch, mlp_epoch_s = epochs, wdbc_logistic_s = logistic, wdbc_lightgbm_s = lightGbm, torch = TorchRuntime.Loaded!.ToString() }));

double Median(Action run)
{
    var times = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        run();
        times.Add(clock.Elapsed.TotalSeconds);
    }
    return times.Order().ElementAt(repeats / 2);
}
