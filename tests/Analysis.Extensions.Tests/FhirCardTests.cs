using System.Text.Json.Nodes;
using Analysis.Kernel.Display;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Extensions.Tests;

public class FhirCardTests
{
    [Fact]
    public void A_resource_shows_as_a_card_with_key_fields_and_its_collapsible_Firely_json()
    {
        var condition = new Condition
        {
            Id = "c-17",
            Code = new CodeableConcept("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast"),
            Subject = new ResourceReference("Patient/p-3"),
            Onset = new FhirDateTime("2021-03-04"),
        };
        var bundle = AnalysisFormatters.AddTo(new FormatterRegistry(), new PlotlyHtml()).Format(condition);
        var html = bundle.Data[MimeTypes.Html].GetValue<string>();
        Assert.Contains("<b>Condition</b> <code>c-17</code>", html);
        Assert.Contains("<th style=\"text-align:left\">code</th><td style=\"text-align:left\">Malignant neoplasm of breast</td>", html);
        Assert.Contains("Patient/p-3", html);
        Assert.Contains("<details><summary>JSON</summary><pre>", html);
        // The JSON is Firely's: it parses back to the same resource.
        var json = bundle.Data[MimeTypes.Json].ToJsonString();
        var parsed = new FhirJsonDeserializer().Deserialize<Condition>(json);
        Assert.True(parsed.IsExactly(condition));
        Assert.Equal("Condition", (string?)JsonNode.Parse(json)!["resourceType"]);
    }
}
