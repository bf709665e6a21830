using System.Reflection;
using System.Text.RegularExpressions;

namespace Analysis.Contracts.Tests;

/// <summary>docs/site-data-contract.md against the vocabulary of Analysis.Contracts, both ways: nothing in one is missing from the other.</summary>
public sealed partial class DataContractDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "site-data-contract.md"));

    /// <summary>The rows (cells trimmed, backticks removed) of the first table after the heading <paramref name="heading"/>.</summary>
    private static List<string[]> Table(string heading)
    {
        var lines = Document.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.FindIndex(l => l.TrimStart('#').Trim() == heading && l.StartsWith('#'));
        Assert.True(at >= 0, $"the page has no heading '{heading}'");
        var table = lines.Skip(at + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(table.Count > 2, $"no table under '{heading}'");
        Assert.Matches(@"^\|(\s*-+\s*\|)+$", table[1]);
        return [.. table.Skip(2).Select(row => row.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())];
    }

    private static Dictionary<string, string> Systems() => Table("Code systems").ToDictionary(r => r[0], r => r[1]);

    /// <summary>Every <see cref="Code"/> the contract's vocabulary classes hold, with its system.</summary>
    private static IEnumerable<Code> ContractCodes() =>
        new[] { typeof(Snomed), typeof(Icd10), typeof(Loinc) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(Code)))
            .Select(p => (Code)p.GetValue(null)!)
            .Concat(MarkerGenes.All.Select(g => g.Code()))
            .Concat(Enum.GetValues<Drug>().Select(d => d.RxNorm()));

    [Fact]
    public void The_code_systems_are_the_contracts()
    {
        var contract = typeof(CodeSystems).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).Order().ToList();
        Assert.Equal(contract, Systems().Values.Order().ToList());
        Assert.Equal(6, contract.Count);
    }

    [Fact]
    public void Every_code_of_the_page_is_in_the_contract_with_its_display_and_back()
    {
        var systems = Systems();
        var page = Table("Codes").Select(r => (System: systems[r[0]], Code: r[1], Display: r[2])).ToList();
        var contract = ContractCodes().Select(c => (c.System, Code: c.Value, c.Display)).ToList();
        Assert.Equal(page.Count, page.Distinct().Count());
        Assert.Empty(page.Except(contract));
        Assert.Empty(contract.Except(page));
        // Every code system of the contract's codes appears: SNOMED CT, ICD-10-CM, LOINC, HGNC and RxNorm.
        Assert.Equal(5, page.Select(c => c.System).Distinct().Count());
    }

    [Fact]
    public void Every_code_written_in_the_prose_is_a_contract_code()
    {
        var known = ContractCodes().Select(c => c.Value).ToHashSet();
        var written = CodeLike().Matches(Document).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(written);
        Assert.All(written, code => Assert.True(known.Contains(code), $"the page writes '{code}', which is no code of Analysis.Contracts"));
    }

    [Fact]
    public void The_cancers_are_the_contracts()
    {
        Assert.Equal(
            CancerTypes.All.Select(c => (c.Name(), c.Snomed().Value, c.Icd10().Value)),
            Table("Cancers").Select(r => (r[0], r[1], r[2])));
        Assert.All(Table("Cancers"), r => Assert.Equal(CancerTypes.FromCode(r[1]), CancerTypes.FromCode(r[2])));
    }

    [Fact]
    public void The_marker_genes_are_the_contracts()
    {
        Assert.Equal(
            MarkerGenes.All.Select(g => (g.Symbol(), g.Hgnc(), g.VariableName())),
            Table("Marker genes").Select(r => (r[0], r[1], r[2])));
        Assert.All(Table("Marker genes"), r => Assert.NotNull(Variable.Find(r[2])));
    }

    [Fact]
    public void The_drugs_and_procedures_are_the_contracts()
    {
        Assert.Equal(Enum.GetValues<Drug>().Select(d => (d.ToString(), d.RxNorm().Value)), Table("Drugs").Select(r => (r[0], r[1])));
        Assert.Equal(Enum.GetValues<ProcedureKind>().Select(k => (k.ToString(), k.Snomed().Value)), Table("Procedures").Select(r => (r[0], r[1])));
    }

    [Fact]
    public void The_patient_variables_are_the_contracts_in_order_with_their_kind()
    {
        Assert.Equal(
            Variable.All.Select(v => (v.Name, v.Kind.ToString().ToLowerInvariant())),
            Table("Patient variables").Select(r => (r[0], r[1])));
    }

    // LOINC codes and answers, ICD-10 codes, HGNC ids and SNOMED CT codes (6 digits or more) as written in backticks.
    [GeneratedRegex(@"(?<=`)(LA\d+-\d|\d{4,5}-\d|[A-Z]\d\d\.\d|HGNC:\d+|\d{6,})(?=`)")]
    private static partial Regex CodeLike();
}
