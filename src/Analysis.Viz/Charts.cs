using Analysis.Genomics.Mutations;
using Analysis.Stats;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// Every chart in one place, for notebooks: <c>Charts.KaplanMeier(...)</c>, <c>Charts.Forest(...)</c>...
/// Each returns a Plotly.NET <see cref="GenericChart"/>, which the kernel shows as an interactive plot.
/// </summary>
/// <example>
/// <code>
/// Charts.KaplanMeier([new SurvivalSeries("Stage I", [30, 60, 90], [0.98, 0.95, 0.9])])
/// </code>
/// </example>
public static class Charts
{
    /// <inheritdoc cref="KaplanMeierChart.Create"/>
    public static GenericChart KaplanMeier(IEnumerable<SurvivalSeries> curves, double[]? riskTableTimes = null,
        string timeTitle = "Time (days)", string survivalTitle = "Survival probability", string? title = null) =>
        KaplanMeierChart.Create(curves, riskTableTimes, timeTitle, survivalTitle, title);

    /// <inheritdoc cref="ForestPlot.Create"/>
    public static GenericChart Forest(IEnumerable<EffectEstimate> estimates, string measure = "Hazard ratio", string? title = null) =>
        ForestPlot.Create(estimates, measure, title);

    /// <inheritdoc cref="Viz.Oncoplot.Create"/>
    public static GenericChart Oncoplot(OncoplotData data, string? title = null) => Viz.Oncoplot.Create(data, title);

    /// <inheritdoc cref="ClassifierCharts.Roc"/>
    public static GenericChart Roc(params RocCurve[] curves) => ClassifierCharts.Roc(curves);

    /// <inheritdoc cref="ClassifierCharts.PrecisionRecall"/>
    public static GenericChart PrecisionRecall(params PrecisionRecallCurve[] curves) => ClassifierCharts.PrecisionRecall(curves);

    /// <inheritdoc cref="SiteBarChart.Create"/>
    public static GenericChart SiteBars(IEnumerable<SiteCell> cells, string valueTitle = "Patients", string categoryTitle = "", string? title = null) =>
        SiteBarChart.Create(cells, valueTitle, categoryTitle, title);

    /// <inheritdoc cref="SiteBarChart.Histogram"/>
    public static GenericChart SiteHistogram(IEnumerable<SiteBin> bins, string valueTitle = "") => SiteBarChart.Histogram(bins, valueTitle);

    /// <inheritdoc cref="ImageSliceViewer.Slice"/>
    public static GenericChart ImageSlice(double[,] pixels, double center, double width, string? title = null) =>
        ImageSliceViewer.Slice(pixels, center, width, title);

    /// <inheritdoc cref="ImageSliceViewer.Volume"/>
    public static GenericChart VolumeSlices(double[,,] volume, double center, double width, int start = 0, string? title = null) =>
        ImageSliceViewer.Volume(volume, center, width, start, title);
}
