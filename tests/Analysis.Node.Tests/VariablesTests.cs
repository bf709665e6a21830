using System.Net;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Query;

namespace Analysis.Node.Tests;

/// <summary>The node's SQL per variable and the contract's list of variables are one list.</summary>
public sealed class VariablesTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    [Fact]
    public void Every_contract_variable_has_sql_and_every_sql_belongs_to_a_contract_variable()
    {
        Assert.Equal(Variable.All.Select(v => v.Name).Order(StringComparer.Ordinal), Variables.Known.Select(v => v.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Info_lists_the_contract_variables_by_kind_in_contract_order()
    {
        var response = await site.Node.Client.GetAsync("api/v1/info");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Variable.Categorical.Select(v => v.Name), json.GetProperty("categorical").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Variable.Numeric.Select(v => v.Name), json.GetProperty("numeric").EnumerateArray().Select(e => e.GetString()));
    }

    public static TheoryData<string> Names => [.. Variable.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_variable_is_answered_by_the_endpoint_for_its_kind(string name)
    {
        var variable = Variable.Parse(name);
        var (response, json) = variable.Kind == VariableKind.Categorical
            ? await site.Node.PostAsync("api/v1/crosstab", new { rows = name, columns = "sex" })
            : await site.Node.PostAsync("api/v1/summary", new { variable = name });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {json}");
        if (variable.Kind == VariableKind.Categorical)
            Assert.All(json.GetProperty("cells").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("row").GetString())));
        else if (variable == Variable.TumourVolume || variable == Variable.TumourIntensity)
        {
            // Image features: this fixture has no imaging, so no patient has a value and n is withheld (ImagingFeatureTests
            // checks the values on an imaging site).
            Assert.True(json.GetProperty("n").GetProperty("suppressed").GetBoolean(), $"{name}: {json}");
        }
        else
        {
            Expect.Cell(site.Node.Patients.Count, json.GetProperty("n"), name);
            Assert.Equal(site.Node.Patients.Sum(p => ModelReference.Value(p, name)), json.GetProperty("sum").GetDouble(), 6);
        }
    }
}
