using System.Reflection;
using Analysis.Node.Disclosure;
using Analysis.Node.Query;

namespace Analysis.Node.Http;

/// <summary>Answer of <c>GET /api/v1/info</c>: what a client needs to know about a site before asking it anything.</summary>
/// <param name="Name">The site's human-readable name.</param>
/// <param name="Version">The node software's version.</param>
/// <param name="Open">Whether tokens with the <c>records</c> scope may read rows.</param>
/// <param name="Patients">The number of patients in the dataset, under the cell rule.</param>
/// <param name="Policy">The disclosure rules every answer passes.</param>
/// <param name="Categorical">Variables that can group, stratify or enter models as factors.</param>
/// <param name="Numeric">Variables that can be summarised or enter models as they are.</param>
public sealed record NodeInfo(string Name, string Version, bool Open, Cell Patients, DisclosurePolicy Policy,
    IReadOnlyList<string> Categorical, IReadOnlyList<string> Numeric)
{
    /// <summary>The version the node's assembly was built as (its informational version, without the commit suffix).</summary>
    public static string NodeVersion { get; } =
        (typeof(NodeInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The info of a node serving <paramref name="aggregates"/> under <paramref name="policy"/>.</summary>
    internal static NodeInfo Of(string name, bool open, DisclosurePolicy policy, Aggregates aggregates) =>
        new(name, NodeVersion, open, aggregates.Count(new CountRequest()).Count, policy, [.. Variables.CategoricalNames], [.. Variables.NumericNames]);
}
