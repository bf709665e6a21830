namespace Analysis.Genomics.Vcf;

/// <summary>An INFO or FORMAT field declared in the header.</summary>
/// <param name="Id">The field's key, e.g. <c>DP</c>.</param>
/// <param name="Number">How many values it has.</param>
/// <param name="Type">Their type.</param>
/// <param name="Description">The declared description.</param>
public sealed record VcfFieldDefinition(string Id, VcfNumber Number, VcfType Type, string Description);
