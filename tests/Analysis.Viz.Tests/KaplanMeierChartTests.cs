using System.Globalization;
using Analysis.Tests.Shared;

namespace Analysis.Viz.Tests;

public class KaplanMeierChartTests
{
    /// <summary>Two groups' survfit tables from R (time, surv, lower, upper, n.risk, n.censor) and the risk table at fixed times.</summary>
    private static (SurvivalSeries[] Curves, Dictionary<string, int[]> RiskTable) FromR(double[] riskTimes)
    {
        var output = ReferencePeer.R($$"""
            suppressMessages(library(survival))
            set.seed(7)
            n <- 120
            group <- rep(c("A", "B"), each = n / 2)
            t <- round(rexp(n, ifelse(group == "A", 1 / 400, 1 / 250)))
            c <- round(runif(n, 100, 900))
            d <- data.frame(time = pmax(1, pmin(t, c)), status = as.integer(t <= c), group = group)
            fit <- survfit(Surv(time, status) ~ group, data = d)
            s <- summary(fit, censored = TRUE)
            # R gives no interval once survival reaches 0; the band closes there.
            s$lower[is.na(s$lower)] <- 0
            s$upper[is.na(s$upper)] <- 0
            for (g in c("A", "B")) {
              k <- s$strata == paste0("group=", g)
              cat("curve", g, "\n")
              for (f in c("time", "surv", "lower", "upper", "n.risk", "n.censor")) cat(f, s[[f]][k], "\n")
            }
            r <- summary(fit, times = c({{string.Join(",", riskTimes.Select(x => x.ToString(CultureInfo.InvariantCulture)))}}), extend = TRUE)
            for (g in c("A", "B")) cat("risk", g, r$n.risk[r$strata == paste0("group=", g)], "\n")
            """);
        var curves = new List<SurvivalSeries>();
        var risk = new Dictionary<string, int[]>();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            var words = lines[i].Split(' ');
            if (words[0] == "risk") risk[words[1]] = words[2..].Select(int.Parse).ToArray();
            if (words[0] != "curve") continue;
            double[] Field(int k) => lines[i + k].Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            curves.Add(new SurvivalSeries(words[1], Field(1), Field(2), Field(3), Field(4),
                Field(5).Select(v => (int)v).ToArray(), Field(6).Select(v => (int)v).ToArray()));
        }
        return (curves.ToArray(), risk);
    }

    [Fact]
    public void Curves_are_step_shaped_from_one_with_shaded_bands_and_censoring_marks_at_survfit_times()
    {
        var (curves, _) = FromR([0, 200, 400]);
        var figure = new FigureJson(Charts.KaplanMeier(curves));
        foreach (var (curve, k) in curves.Select((c, k) => (c, k)))
        {
            var line = figure.Trace(curve.Name);
            Assert.Equal("hv", (string?)line["line"]!["shape"]);
            Assert.Equal(Palette.Color(k), (string?)line["line"]!["color"]);
            Assert.Equal([0.0, .. curve.Times], FigureJson.Numbers(line["x"]));
            Assert.Equal([1.0, .. curve.Survival], FigureJson.Numbers(line["y"]));

            var upper = figure.Trace(curve.Name + " 95% CI");
            Assert.Equal("tonexty", (string?)upper["fill"]);
            Assert.Equal("hv", (string?)upper["line"]!["shape"]);
            Assert.Equal([1.0, .. curve.Upper!], FigureJson.Numbers(upper["y"]));
            var lowerIndex = figure.Traces.IndexOf(figure.Trace(curve.Name + " lower"));
            Assert.Equal(lowerIndex + 1, figure.Traces.IndexOf(upper)); // tonexty fills down to the trace just before

            var marks = figure.Trace(curve.Name + " censored");
            var censoredAt = curve.Times.Where((_, i) => curve.Censored![i] > 0).ToArray();
            Assert.NotEmpty(censoredAt);
            Assert.Equal(censoredAt, FigureJson.Numbers(marks["x"]));
            Assert.Equal(curve.Survival.Where((_, i) => curve.Censored![i] > 0), FigureJson.Numbers(marks["y"]));
            Assert.StartsWith("cross", (string?)marks["marker"]!["symbol"]);
        }
        Assert.Equal(".0%", (string?)figure.Layout["yaxis"]!["tickformat"]);
        Assert.Equal("Time (days)", (string?)figure.Layout["xaxis"]!["title"]!["text"]);
        Assert.Null(figure.Layout["yaxis2"]);
    }

    [Fact]
    public void Number_at_risk_table_matches_R_summary_at_the_chosen_times()
    {
        double[] times = [0, 150, 300, 450, 600, 750];
        var (curves, risk) = FromR(times);
        var figure = new FigureJson(Charts.KaplanMeier(curves, times));
        foreach (var curve in curves)
        {
            var row = figure.Trace(curve.Name + " at risk");
            Assert.Equal("text", (string?)row["mode"]);
            Assert.Equal("y2", (string?)row["yaxis"]);
            Assert.Equal(times, FigureJson.Numbers(row["x"]));
            Assert.Equal(risk[curve.Name].Select(n => n.ToString(CultureInfo.InvariantCulture)), FigureJson.Strings(row["text"]));
        }
        Assert.Equal("x", (string?)figure.Layout["xaxis2"]!["matches"]);
        Assert.Equal([1.5, -0.5], FigureJson.Numbers(figure.Layout["yaxis2"]!["range"])); // first curve on top, half a row of padding
        Assert.True(FigureJson.Numbers(figure.Layout["yaxis2"]!["domain"])[1] < FigureJson.Numbers(figure.Layout["yaxis"]!["domain"])[0]);
    }

    [Fact]
    public void Bad_curves_name_the_argument()
    {
        var ok = new SurvivalSeries("A", [1, 2], [0.9, 0.8]);
        Assert.Equal("curves", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([])).ParamName);
        Assert.Equal("Survival", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Survival = [0.9] }])).ParamName);
        var nan = Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Times = [1, double.NaN] }]));
        Assert.Equal("Times", nan.ParamName);
        Assert.Contains("Times[1]", nan.Message);
        Assert.Equal("Upper", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Lower = [0.8, 0.7] }])).ParamName);
        Assert.Equal("Survival", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Survival = [0.9, 1.2] }])).ParamName);
        Assert.Equal("Times", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Times = [2, 1] }])).ParamName);
        Assert.Equal("riskTableTimes", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok], [0, 1])).ParamName);
        Assert.Equal("Times", Assert.Throws<ArgumentException>(() => Charts.KaplanMeier([ok with { Times = [] , Survival = [] }])).ParamName);
    }
}
