using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>A small CNN for single-channel 2D image slices (e.g. 64×64): two 3×3 convolution + ReLU + 2×2 max-pool blocks, then a hidden dense layer.</summary>
/// <remarks>Input is [batch, 1, height, width] float32 (see <see cref="Tensors.FromArray"/> for pixel arrays); height and
/// width must be multiples of 4.</remarks>
public sealed class SliceCnn : Network
{
    private readonly nn.Module<Tensor, Tensor> _features;
    private readonly nn.Module<Tensor, Tensor> _head;

    private SliceCnn(int height, int width, int outputs, int channels, int hidden, double dropout, OutputKind output)
        : base(nameof(SliceCnn), output)
    {
        Height = height;
        Width = width;
        Outputs = outputs;
        _features = nn.Sequential(
            ("conv1", nn.Conv2d(1, channels, 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(channels, 2 * channels, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()));
        _head = nn.Sequential(
            ("dense", nn.Linear(2L * channels * (height / 4) * (width / 4), hidden)), ("relu", nn.ReLU()), ("dropout", nn.Dropout(dropout)),
            ("output", nn.Linear(hidden, outputs)));
        RegisterComponents();
    }

    /// <summary>Creates the network, its initial weights drawn after <c>torch.manual_seed(seed)</c> when a seed is given.</summary>
    /// <param name="height">Slice height in pixels (multiple of 4).</param>
    /// <param name="width">Slice width in pixels (multiple of 4).</param>
    /// <param name="outputs">1 for binary, the class count for classes.</param>
    /// <param name="channels">Channels of the first convolution (the second has twice as many).</param>
    /// <param name="hidden">Width of the dense layer.</param>
    /// <param name="dropout">Dropout before the output.</param>
    /// <param name="output">What the output means.</param>
    /// <param name="seed">Seed for the initial weights.</param>
    /// <exception cref="ArgumentException">A size is not positive or not a multiple of 4.</exception>
    public static SliceCnn Create(int height = 64, int width = 64, int outputs = 1, int channels = 8, int hidden = 64, double dropout = 0.25, OutputKind output = OutputKind.Binary, int? seed = null)
    {
        if (height <= 0 || width <= 0 || height % 4 != 0 || width % 4 != 0)
            throw new ArgumentException($"slice size {height}×{width} must be positive multiples of 4 (two 2×2 poolings)", nameof(height));
        if (outputs <= 0 || channels <= 0 || hidden <= 0) throw new ArgumentException("outputs, channels and hidden must be positive", nameof(outputs));
        if (dropout is < 0 or >= 1) throw new ArgumentException($"dropout must be in [0, 1), not {dropout}", nameof(dropout));
        if (seed is { } s) Analysis.Contracts.RandomSeeds.Note("SliceCnn initial weights", s);
        return Seeded(seed, () => new SliceCnn(height, width, outputs, channels, hidden, dropout, output));
    }

    /// <summary>Slice height.</summary>
    public int Height { get; }

    /// <summary>Slice width.</summary>
    public int Width { get; }

    /// <summary>Output units.</summary>
    public int Outputs { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 1 || input.shape[2] != Height || input.shape[3] != Width)
            throw new ArgumentException($"SliceCnn expects [batch, 1, {Height}, {Width}], got [{string.Join(", ", input.shape)}]", nameof(input));
        return _head.forward(_features.forward(input));
    }

    /// <inheritdoc />
    public override string ToString() => $"SliceCnn(1×{Height}×{Width} → {Outputs}, {ParameterCount} parameters)";
}
