namespace Analysis.Node.Models;

/// <summary>The rows a model is computed over: one design vector per patient plus the requested extra columns.</summary>
/// <param name="X">Design vectors, one per patient, in the order of the columns.</param>
/// <param name="Extra">The extra SQL values per patient (outcome, time, event), in the order asked for.</param>
/// <param name="Factors">Every categorical covariate's value per patient, for disclosure control.</param>
internal sealed record ModelRows(double[][] X, object?[][] Extra, IReadOnlyList<Factor> Factors)
{
    public int N => X.Length;
}
