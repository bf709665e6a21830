using Deedle;

namespace Analysis.ML;

/// <summary>Small open datasets shipped with the library, for examples, workshops and tests.</summary>
public static class Datasets
{
    /// <summary>
    /// The Wisconsin Diagnostic Breast Cancer data: 569 tumours, 30 numeric features of the cell nuclei (mean, error and
    /// worst of ten measurements) and <c>diagnosis</c>; rows are keyed by <c>id</c> (1..569, file order) (<c>malignant</c> or <c>benign</c>).
    /// </summary>
    /// <remarks>W. H. Wolberg, W. N. Street, O. L. Mangasarian; UCI Machine Learning Repository, CC BY 4.0
    /// (doi:10.24432/C5DW2B). The copy is scikit-learn's; see <c>data/wdbc/README.md</c>.</remarks>
    public static Frame<int, string> BreastCancerWisconsin()
    {
        using var stream = typeof(Datasets).Assembly.GetManifestResourceStream("Analysis.ML.wdbc.csv")
            ?? throw new InvalidOperationException("the embedded wdbc.csv is missing from Analysis.ML");
        return Frame.ReadCsv(stream, hasHeaders: true, inferTypes: true).IndexRows<int>("id");
    }
}
