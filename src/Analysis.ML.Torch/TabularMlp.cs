using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>A multilayer perceptron for tabular rows: Linear → ReLU (→ Dropout) per hidden layer, then a linear output.</summary>
/// <example><code>
/// var data = Tensors.FromFrame(Datasets.BreastCancerWisconsin(), label: "diagnosis");
/// var mlp = TabularMlp.Create(inputs: 30, hidden: [32, 16], dropout: 0.1, seed: 1);
/// var result = mlp.Fit(data, new TrainingOptions { Epochs = 30, LearningRate = 1e-3 });
/// </code></example>
public sealed class TabularMlp : Network
{
    private readonly nn.Module<Tensor, Tensor> _layers;

    private TabularMlp(int inputs, IReadOnlyList<int> hidden, int outputs, double dropout, OutputKind output)
        : base(nameof(TabularMlp), output)
    {
        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        Dropout = dropout;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"relu{i}", nn.ReLU()));
            if (dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(dropout)));
            width = hidden[i];
        }
        layers.Add(("output", nn.Linear(width, outputs)));
        _layers = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <summary>Creates the network, its initial weights drawn after <c>torch.manual_seed(seed)</c> when a seed is given.</summary>
    /// <param name="inputs">Features per row.</param>
    /// <param name="hidden">Width of each hidden layer, e.g. <c>[64, 32]</c>; empty gives a linear (logistic) model.</param>
    /// <param name="outputs">Output units: 1 for binary or numeric, the class count for classes.</param>
    /// <param name="dropout">Dropout probability after each hidden layer (0 for none).</param>
    /// <param name="output">What the output means.</param>
    /// <param name="seed">Seed for the initial weights.</param>
    /// <exception cref="ArgumentException">A size is not positive or dropout is outside [0, 1).</exception>
    public static TabularMlp Create(int inputs, IReadOnlyList<int>? hidden = null, int outputs = 1, double dropout = 0, OutputKind output = OutputKind.Binary, int? seed = null)
    {
        hidden ??= [];
        if (inputs <= 0) throw new ArgumentException($"inputs must be positive, not {inputs}", nameof(inputs));
        if (outputs <= 0) throw new ArgumentException($"outputs must be positive, not {outputs}", nameof(outputs));
        if (hidden.Any(h => h <= 0)) throw new ArgumentException($"hidden layer widths must be positive: [{string.Join(", ", hidden)}]", nameof(hidden));
        if (dropout is < 0 or >= 1) throw new ArgumentException($"dropout must be in [0, 1), not {dropout}", nameof(dropout));
        return Seeded(seed, () => new TabularMlp(inputs, [.. hidden], outputs, dropout, output));
    }

    /// <summary>Features per row.</summary>
    public int Inputs { get; }

    /// <summary>Hidden layer widths.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>Output units.</summary>
    public int Outputs { get; }

    /// <summary>Dropout probability.</summary>
    public double Dropout { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _layers.forward(input);

    /// <inheritdoc />
    public override string ToString() => $"TabularMlp({Inputs} → [{string.Join(", ", Hidden)}] → {Outputs}, dropout {Dropout}, {ParameterCount} parameters)";
}
