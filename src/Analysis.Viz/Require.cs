namespace Analysis.Viz;

/// <summary>Argument checks that name the argument (and the element) that is wrong.</summary>
internal static class Require
{
    public static T[] NotEmpty<T>(IEnumerable<T>? values, string argument)
    {
        ArgumentNullException.ThrowIfNull(values, argument);
        var array = values as T[] ?? values.ToArray();
        if (array.Length == 0) throw new ArgumentException($"{argument} is empty: a chart needs at least one value.", argument);
        return array;
    }

    public static void Finite(IReadOnlyList<double> values, string argument)
    {
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"{argument}[{i}] is {values[i]}: every value must be a finite number.", argument);
    }

    public static void SameLength<T>(IReadOnlyList<T>? values, int expected, string argument, string reference)
    {
        if (values is not null && values.Count != expected)
            throw new ArgumentException($"{argument} has {values.Count} values but {reference} has {expected}: they must be the same length.", argument);
    }

    public static void Probabilities(IReadOnlyList<double> values, string argument)
    {
        Finite(values, argument);
        for (int i = 0; i < values.Count; i++)
            if (values[i] is < 0 or > 1) throw new ArgumentException($"{argument}[{i}] is {values[i]}: it must be between 0 and 1.", argument);
    }

    public static void NotDecreasing(IReadOnlyList<double> values, string argument)
    {
        for (int i = 1; i < values.Count; i++)
            if (values[i] < values[i - 1]) throw new ArgumentException($"{argument}[{i}] ({values[i]}) is less than {argument}[{i - 1}] ({values[i - 1]}): values must not decrease.", argument);
    }
}
