using Analysis.ML.Torch;
using TorchSharp;

namespace Analysis.ML.Tests;

/// <summary>
/// What made the CNN test flaky and seeded runs differ: uninitialised memory in oneDNN's AVX-512 convolution backward pass,
/// scalars lost to the garbage collector inside TorchSharp's optimisers, and torch's one global generator shared by threads.
/// </summary>
public sealed class TorchDeterminismTests
{
    public TorchDeterminismTests() => Peers.OneTorchThread();

    /// <summary>Fills and frees blocks of the sizes a small CNN's buffers take, with NaN: memory a kernel reads without
    /// writing it first then holds NaN instead of whatever the allocator last left there.</summary>
    private static void PoisonFreedMemory()
    {
        using var nan = double.NaN.ToScalar();
        foreach (var size in new long[] { 16, 64, 144, 256, 576, 1024, 2304, 4096, 9216, 16384 })
        {
            using var block = torch.empty(size);
            block.fill_(nan);
        }
    }

    [Fact]
    public void Convolution_gradients_do_not_depend_on_what_freed_memory_held()
    {
        // Two convolutions: the second's gradient with respect to its input is what oneDNN's AVX-512 kernel got wrong
        // (about half of these trials gave NaN first-layer gradients before TorchRuntime limited oneDNN to AVX2).
        Assert.Equal(TorchRuntime.OneDnnIsaLimit, Environment.GetEnvironmentVariable(TorchRuntime.OneDnnIsaVariable));
        // This test draws from torch's global generator itself: it takes the library's lock, as the library does, so the
        // seeded tests running beside it are not disturbed.
        lock (TorchRandom.Gate) ConvolutionTrials();
    }

    private static void ConvolutionTrials()
    {
        for (var trial = 0; trial < 50; trial++)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(trial);
            var input = torch.rand(16, 1, 16, 16);
            var first = torch.nn.Conv2d(1, 4, 3, padding: 1);
            var net = torch.nn.Sequential(("first", first), ("relu", torch.nn.ReLU()), ("second", torch.nn.Conv2d(4, 8, 3, padding: 1)), ("flatten", torch.nn.Flatten()));
            float[] Gradient(bool poison)
            {
                foreach (var p in net.parameters()) p.grad = null;
                if (poison) PoisonFreedMemory();
                net.forward(input).sum().backward();
                return first.weight!.grad!.data<float>().ToArray();
            }
            var clean = Gradient(poison: false);
            Assert.All(clean, g => Assert.True(float.IsFinite(g)));
            Assert.Equal(clean, Gradient(poison: true));
        }
    }

    [Fact]
    public void Adam_steps_match_pytorch_from_the_same_initial_weights()
    {
        using var data = Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis");
        using var mlp = TabularMlp.Create(inputs: 30, hidden: [8, 4], seed: 3);
        var initial = mlp.GetWeights();
        mlp.Fit(data, new TrainingOptions { Epochs = 5, BatchSize = 0, LearningRate = 0.01, WeightDecay = 0.01, Optimizer = OptimizerKind.Adam, Device = Device.Cpu });
        var expected = Peers.PyTorchMlpWeights(initial, data.X.data<float>().ToArray(), data.Y!.data<float>().ToArray(), "Adam(net.parameters(), lr=0.01, weight_decay=0.01)");
        var actual = mlp.GetWeights();
        Assert.Equal(expected.Length, actual.Length);
        // Five Adam steps of 0.01 move weights by up to 0.05: a wrong beta or bias correction shows far above this tolerance.
        Assert.True(expected.Zip(initial).Max(p => Math.Abs(p.First - p.Second)) > 0.02);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"weight {i}: PyTorch {expected[i]}, ours {actual[i]}");
    }

    [Fact]
    public void Optimiser_steps_survive_garbage_collections_during_the_native_calls()
    {
        // Another thread allocating without pause makes collections, and finalizers, run during every native call.
        // TorchSharp's own Adam lost its step-size scalar to a finalizer within seconds of this (libtorch's "toFloat" check).
        using var stop = new CancellationTokenSource();
        var pressure = new Thread(() =>
        {
            var keep = new object[64];
            for (var i = 0; !stop.IsCancellationRequested; i++) keep[i % keep.Length] = new byte[1024];
        }) { IsBackground = true };
        pressure.Start();
        try
        {
            using var data = Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis");
            float[] Train(OptimizerKind optimizer)
            {
                using var mlp = TabularMlp.Create(inputs: 30, hidden: [16, 8], dropout: 0.2, seed: 7);
                mlp.Fit(data, new TrainingOptions { Epochs = 8, BatchSize = 16, LearningRate = 1e-2, WeightDecay = 1e-4, Optimizer = optimizer, Seed = 7, Device = Device.Cpu });
                return mlp.GetWeights();
            }
            foreach (var optimizer in new[] { OptimizerKind.Adam, OptimizerKind.Sgd })
            {
                var first = Train(optimizer);
                Assert.All(first, w => Assert.True(float.IsFinite(w)));
                Assert.Equal(first, Train(optimizer));
            }
        }
        finally
        {
            stop.Cancel();
            pressure.Join();
        }
    }

    [Fact]
    public void Seeded_trainings_on_several_threads_at_once_give_the_weights_of_one_at_a_time()
    {
        using var data = Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis");
        float[] Train(int seed)
        {
            // Dropout and the initial weights both draw from torch's global generator.
            using var mlp = TabularMlp.Create(inputs: 30, hidden: [16, 8], dropout: 0.3, seed: seed);
            mlp.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 1e-2, Seed = seed, Device = Device.Cpu });
            return mlp.GetWeights();
        }
        var seeds = Enumerable.Range(1, 6).ToArray();
        var alone = seeds.Select(Train).ToArray();
        var together = new float[seeds.Length][];
        var threads = seeds.Select((seed, i) => new Thread(() =>
        {
            Peers.OneTorchThread();
            together[i] = Train(seed);
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        for (var i = 0; i < seeds.Length; i++) Assert.Equal(alone[i], together[i]);
        Assert.NotEqual(alone[0], alone[1]);
    }
}
