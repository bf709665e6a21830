namespace Analysis.Stats;

/// <summary>Runs <see cref="NewtonRaphson.FitAsync"/> over a local, synchronous likelihood.</summary>
internal static class Local
{
    public static NewtonFit Fit(IReadOnlyList<string> columns, Func<double[], ScoreStep> evaluate, NewtonOptions? options)
    {
        // The evaluations complete synchronously, so this never blocks on I/O.
        var task = NewtonRaphson.FitAsync(columns, (beta, _) => ValueTask.FromResult(evaluate(beta)), options);
        return task.GetAwaiter().GetResult();
    }
}
