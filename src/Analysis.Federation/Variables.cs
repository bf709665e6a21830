using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>Checks the variables a question names before anything is sent, so a typo or a wrong kind fails at once in the client, not as a 400 from every node.</summary>
internal static class Variables
{
    /// <summary>The variable called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No variable has that name; the message lists those that do, and names <paramref name="parameter"/>.</exception>
    public static Variable Parse(string name, string parameter)
    {
        try
        {
            return Variable.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter", 2)[0], parameter, e);
        }
    }

    /// <summary>Each of <paramref name="names"/> as a variable.</summary>
    /// <exception cref="ArgumentException">A name is not a variable; the message names it and lists those that are.</exception>
    public static IReadOnlyList<Variable> Parse(IReadOnlyList<string> names, string parameter) => [.. names.Select(n => Parse(n, parameter))];

    /// <summary><paramref name="variable"/>, when it is of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">It is of the other kind; the message says which variables would do for <paramref name="use"/>.</exception>
    public static Variable Require(Variable variable, VariableKind kind, string use, string parameter)
    {
        ArgumentNullException.ThrowIfNull(variable, parameter);
        if (variable.Kind == kind) return variable;
        var fitting = kind == VariableKind.Numeric ? Variable.Numeric : Variable.Categorical;
        throw new ArgumentException($"'{variable.Name}' is {variable.Kind.ToString().ToLowerInvariant()}; {use} needs a {kind.ToString().ToLowerInvariant()} variable: " +
                                    string.Join(", ", fitting.Select(v => v.Name)), parameter);
    }

    /// <summary>The covariates of a model, at least one.</summary>
    /// <exception cref="ArgumentException">None, or a null among them.</exception>
    public static IReadOnlyList<Variable> Covariates(IReadOnlyList<Variable> covariates, string parameter)
    {
        ArgumentNullException.ThrowIfNull(covariates, parameter);
        if (covariates.Count == 0) throw new ArgumentException("name at least one covariate", parameter);
        if (covariates.Any(c => c is null)) throw new ArgumentException("a covariate is null", parameter);
        return covariates;
    }

    /// <summary>The wire names of <paramref name="variables"/>.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<Variable> variables) => [.. variables.Select(v => v.Name)];
}
