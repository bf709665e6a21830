using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>
/// An optimiser step (Adam or plain SGD) written out over TorchSharp's tensor operations, with every scalar it hands
/// libtorch held alive through the call.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's own <c>optim.Adam</c> and <c>optim.SGD</c> pass scalars made by implicit conversion
/// (<c>addcdiv_(…, value: -step_size)</c>): the temporary <see cref="Scalar"/> is unreachable once its handle has been
/// read, so a garbage collection during the native call can run its finalizer, which frees the native scalar libtorch
/// is still reading. libtorch then sees a garbage step size (weights turn NaN) or a garbage type tag (its
/// <c>toFloat</c> check fails). The same holds for the scalars TorchSharp makes itself for a default argument
/// (<c>add_(other)</c> passes <c>alpha: 1</c> that way), so every call here passes every scalar explicitly. Seen as a
/// CNN test that went NaN now and then on a loaded machine, and within seconds under allocation pressure from another
/// thread (upstream: dotnet/TorchSharp pull requests 1434 and 1496). Here every scalar is a field, alive until after
/// the call that reads it; tensors live in dispose scopes, which hold them.
/// The arithmetic is PyTorch's (<c>torch.optim.Adam</c> with betas 0.9, 0.999 and eps 1e-8, weight decay added to
/// the gradient; <c>torch.optim.SGD</c> without momentum), which the tests check step by step against PyTorch.
/// </remarks>
internal abstract class StepRule : IDisposable
{
    private protected StepRule(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    {
        Parameters = [.. parameters];
        LearningRate = learningRate;
        WeightDecay = weightDecay == 0 ? null : weightDecay.ToScalar();
    }

    /// <summary>The parameters stepped.</summary>
    private protected Parameter[] Parameters { get; }

    /// <summary>The step size.</summary>
    private protected double LearningRate { get; }

    /// <summary>The L2 penalty's factor, added to the gradient as <c>grad + weight_decay × param</c>; null for none.</summary>
    private protected Scalar? WeightDecay { get; }

    /// <summary>The optimiser <paramref name="kind"/> over <paramref name="parameters"/>.</summary>
    public static StepRule Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double weightDecay) => kind switch
    {
        OptimizerKind.Sgd => new Sgd(parameters, learningRate, weightDecay),
        _ => new Adam(parameters, learningRate, weightDecay),
    };

    /// <summary>Clears the gradients before the next backward pass (PyTorch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>Updates every parameter that has a gradient, in place and without recording gradients.</summary>
    public void Step()
    {
        using var _ = no_grad();
        Begin();
        for (var i = 0; i < Parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            var p = Parameters[i];
            var grad = p.grad;
            if (grad is null) continue;
            if (WeightDecay is not null) grad = grad.add(p, WeightDecay);
            Update(i, p, grad);
        }
    }

    /// <summary>Called once per step before the parameters are updated.</summary>
    private protected virtual void Begin()
    {
    }

    /// <summary>Updates parameter <paramref name="index"/> from its gradient (weight decay already added).</summary>
    private protected abstract void Update(int index, Parameter p, Tensor grad);

    /// <inheritdoc />
    public virtual void Dispose() => WeightDecay?.Dispose();

    /// <summary><c>p ← p − lr × grad</c>.</summary>
    private sealed class Sgd(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) : StepRule(parameters, learningRate, weightDecay)
    {
        private readonly Scalar _minusRate = (-learningRate).ToScalar();

        private protected override void Update(int index, Parameter p, Tensor grad) => p.add_(grad, _minusRate);

        public override void Dispose()
        {
            _minusRate.Dispose();
            base.Dispose();
        }
    }

    /// <summary>Adam with PyTorch's defaults: moment estimates, bias-corrected, <c>p ← p − lr/bc1 × m / (√v / √bc2 + eps)</c>.</summary>
    private sealed class Adam : StepRule
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly Tensor[] _mean;
        private readonly Tensor[] _square;
        private readonly Scalar _beta1 = Beta1.ToScalar(), _beta2 = Beta2.ToScalar(), _epsilon = Epsilon.ToScalar(), _one = 1.0.ToScalar();
        private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
        private Scalar? _stepSize, _correction2;
        private int _steps;

        public Adam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay) : base(parameters, learningRate, weightDecay)
        {
            _mean = [.. Parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
            _square = [.. Parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        }

        private protected override void Begin()
        {
            _steps++;
            _stepSize?.Dispose();
            _correction2?.Dispose();
            _stepSize = (-LearningRate / (1 - Math.Pow(Beta1, _steps))).ToScalar();
            _correction2 = Math.Sqrt(1 - Math.Pow(Beta2, _steps)).ToScalar();
        }

        private protected override void Update(int index, Parameter p, Tensor grad)
        {
            _mean[index].mul_(_beta1).add_(grad, _oneMinusBeta1);
            _square[index].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            var denominator = _square[index].sqrt().div_(_correction2!).add_(_epsilon, _one);
            p.addcdiv_(_mean[index], denominator, _stepSize!);
        }

        public override void Dispose()
        {
            foreach (var t in _mean.Concat(_square)) t.Dispose();
            foreach (var s in new[] { _beta1, _beta2, _epsilon, _one, _oneMinusBeta1, _oneMinusBeta2, _stepSize, _correction2 }) s?.Dispose();
            base.Dispose();
        }
    }
}
