using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>A named coefficient of a model summary.</summary>
public interface IModelTerm
{
    /// <summary>The coefficient's column name.</summary>
    string Term { get; }
}

/// <summary>What every Newton-Raphson model summary has: the fit, one entry per term, counts and convergence.</summary>
/// <typeparam name="TTerm">The per-term row type.</typeparam>
public abstract class ModelSummary<TTerm> : ITabular where TTerm : IModelTerm
{
    private protected ModelSummary(NewtonFit fit, IReadOnlyList<TTerm> terms)
    {
        Fit = fit;
        Terms = terms;
    }

    /// <summary>The Newton-Raphson fit behind the summary.</summary>
    public NewtonFit Fit { get; }

    /// <summary>One entry per coefficient, in the fit's column order.</summary>
    public IReadOnlyList<TTerm> Terms { get; }

    /// <summary>The term of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such term (the terms are listed).</exception>
    public TTerm this[string term] => Terms.FirstOrDefault(t => t.Term == term)
        ?? throw new KeyNotFoundException($"No term '{term}' (terms: {string.Join(", ", Terms.Select(t => $"'{t.Term}'"))}).");

    /// <summary>Number of rows used.</summary>
    public long N => Fit.N;

    /// <summary>Number of events (Cox) or positive outcomes (logistic).</summary>
    public long Events => Fit.Events;

    /// <summary>Log-(partial-)likelihood at the estimate.</summary>
    public double LogLikelihood => Fit.LogLikelihood;

    /// <summary>Newton steps taken.</summary>
    public int Iterations => Fit.Iterations;

    /// <summary>Whether the fit converged (see <see cref="NewtonFit.Warning"/> when not).</summary>
    public bool Converged => Fit.Converged;

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Terms);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Terms);

    private protected string Print(string title, string modelLine) =>
        Tabular.ToText(title, Terms) + Environment.NewLine + modelLine
        + (Fit.Warning is null ? "" : Environment.NewLine + "Warning: " + Fit.Warning);
}
