using Analysis.ML.Learning;
using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Analysis.ML.Tests;

/// <summary>Predictions and metrics come from the fitted parameters in double precision, not from ML.NET's float32 outputs.</summary>
public sealed class DoublePrecisionTests(ITestOutputHelper output)
{
    private static readonly Frame<int, string> Wdbc = Datasets.BreastCancerWisconsin();

    private const string SklearnSeparable = """
        import json, sys
        import numpy as np
        import pandas as pd
        from scipy.special import expit
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
        from sklearn import metrics
        q = json.load(sys.stdin)
        df = pd.read_csv(q["csv"]).set_index("id")
        X = df.drop(columns=["diagnosis"]); y = (df["diagnosis"] == "malignant").astype(int)
        tr, te = q["train"], q["test"]
        scaler = StandardScaler().fit(X.loc[tr])
        Xte = scaler.transform(X.loc[te]); yt = y.loc[te].values
        # Our fitted coefficients and calibration, scored by numpy in double: the same model, an independent implementation.
        z = -(q["slope"] * (Xte @ np.array(q["weights"]) + q["bias"]) + q["offset"])
        p = expit(z)
        lr = LogisticRegression(C=q["C"], solver="lbfgs", max_iter=100000, tol=1e-12).fit(scaler.transform(X.loc[tr]), y.loc[tr])
        d = lr.decision_function(Xte); sk = lr.predict_proba(Xte)[:, 1]
        single = np.array(q["single"])
        print(json.dumps({
          "logit": z.tolist(), "p": p.tolist(), "ones": int((p == 1).sum()),
          "auc": metrics.roc_auc_score(yt, z), "ap": metrics.average_precision_score(yt, z),
          # The exact log-loss from the log-odds (scikit-learn's log_loss clips probabilities that are exactly 0 or 1).
          "log_loss": float(np.mean(np.where(yt == 1, np.logaddexp(0, -z), np.logaddexp(0, z)))), "brier": metrics.brier_score_loss(yt, p),
          "sklearn_auc": metrics.roc_auc_score(yt, d), "sklearn_ap": metrics.average_precision_score(yt, d),
          "sklearn_proba_auc": metrics.roc_auc_score(yt, sk), "sklearn_proba_ap": metrics.average_precision_score(yt, sk),
          "single_auc": metrics.roc_auc_score(yt, single), "single_ap": metrics.average_precision_score(yt, single)}))
        """;

    /// <summary>ML.NET's own float32 output column for the rows, scored by the model's transformer from <paramref name="row"/>s.</summary>
    private static float[][] MlNet<TMetrics, TRow>(TrainedModel<TMetrics> model, int[] rows, string column, Func<float[], TRow> row)
        where TMetrics : Analysis.Stats.IMetrics where TRow : class
    {
        var data = FrameColumns.Read(Wdbc.Rows[rows], null, model.Features);
        var view = MlRows.View(new MLContext(1), data.X.Select(x => row(model.Scaling.Apply(x))).ToList(), data.Features.Count);
        var scored = model.Transformer.Transform(view);
        return scored.Schema[column].Type is VectorDataViewType
            ? [.. scored.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray())]
            : [.. scored.GetColumn<float>(column).Select(v => new[] { v })];
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-2)]
    public void Auc_and_average_precision_match_scikit_learn_on_a_nearly_separable_split(double l2)
    {
        var (train, test) = LearnTests.Split();
        var model = Learn.BinaryClassification(Wdbc.Rows[train], label: "diagnosis").Using(Trainer.LogisticRegression(l2: (float)l2)).Seed(1).Fit();
        var ours = model.Evaluate(Wdbc.Rows[test]);
        var probabilities = model.PredictProbability(Wdbc.Rows[test]);
        var logits = model.PredictLogit(Wdbc.Rows[test]);
        var single = MlNet(model, test, "Probability", x => new MlRows.Binary { Features = x }).Select(p => (double)p[0]).ToArray();
        var linear = Assert.IsType<LinearMargin>(model.Scorer.Margin);
        var sk = Peers.RunPython(SklearnSeparable, new
        {
            csv = Path.Combine(Peers.RepositoryRoot(), "data", "wdbc", "wdbc.csv"), train, test, C = 1 / l2,
            weights = linear.Weights, bias = linear.Bias, slope = model.Scorer.Platt.Slope, offset = model.Scorer.Platt.Offset, single,
        });
        double Sk(string name) => sk.GetProperty(name).GetDouble();
        output.WriteLine($"l2 {l2}: ML.NET float32 probabilities AUC {Sk("single_auc"):F6} AP {Sk("single_ap"):F6} ({single.Count(p => p == 1)} at 1.0); " +
                         $"ours AUC {ours.Auc:F6} AP {ours.AveragePrecision:F6} (probabilities at 1.0 in double: {probabilities.Count(p => p == 1)}); " +
                         $"scikit-learn's fit: decision_function AUC {Sk("sklearn_auc"):F6} AP {Sk("sklearn_ap"):F6}, predict_proba AUC {Sk("sklearn_proba_auc"):F6} AP {Sk("sklearn_proba_ap"):F6}");

        // The split is nearly separable: ML.NET's float32 probabilities round to exactly 1 for many rows, which tie.
        Assert.True(single.Count(p => p == 1) >= 20, $"{single.Count(p => p == 1)} float32 probabilities are 1");
        // Our log-odds and probabilities are numpy's for the same coefficients...
        var numpyLogits = Peers.Doubles(sk.GetProperty("logit"));
        var numpyP = Peers.Doubles(sk.GetProperty("p"));
        Assert.All(Enumerable.Range(0, numpyLogits.Length), i => Assert.Equal(numpyLogits[i], logits[i], 1e-9 * (1 + Math.Abs(logits[i]))));
        Assert.All(Enumerable.Range(0, numpyP.Length), i => Assert.Equal(numpyP[i], probabilities[i], 1e-13));
        Assert.Equal(sk.GetProperty("ones").GetInt32(), probabilities.Count(p => p == 1));
        // ...and every metric is scikit-learn's of them, the ranking ones from the log-odds, which never round to a tie.
        Assert.Equal(Sk("auc"), ours.Auc, 12);
        Assert.Equal(Sk("ap"), ours.AveragePrecision, 12);
        Assert.Equal(Sk("log_loss"), ours.LogLoss, 9);
        Assert.Equal(Sk("brier"), ours.Brier, 12);
        // scikit-learn's own fit of the same objective ranks the test rows alike.
        Assert.Equal(Sk("sklearn_auc"), ours.Auc, 0.002);
        Assert.Equal(Sk("sklearn_ap"), ours.AveragePrecision, 0.002);
    }

    public static TheoryData<string, string> Models => new()
    {
        { "binary", "lbfgs" }, { "binary", "sdca" }, { "binary", "fasttree" }, { "binary", "lightgbm" },
        { "multiclass", "lbfgs" }, { "multiclass", "sdca" }, { "multiclass", "fasttree" }, { "multiclass", "lightgbm" },
        { "regression", "sdca" }, { "regression", "fasttree" }, { "regression", "lightgbm" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Double_scores_are_ml_nets_own_before_rounding(string task, string trainer)
    {
        var choice = trainer switch
        {
            "lbfgs" => Trainer.LogisticRegression(l2: 0.01f),
            "sdca" => Trainer.Sdca(l2: 0.01f, iterations: 20),
            "fasttree" => Trainer.FastTree(trees: 20),
            _ => Trainer.LightGbm(trees: 20),
        };
        var (train, test) = LearnTests.Split();
        switch (task)
        {
            case "binary":
            {
                var model = Learn.BinaryClassification(Wdbc.Rows[train], label: "diagnosis").Using(choice).Fit();
                var data = FrameColumns.Read(Wdbc.Rows[test], null, model.Features);
                var margins = model.Standardized(data).Select(model.Scorer.Margin.Of).ToArray();
                var score = MlNet(model, test, "Score", x => new MlRows.Binary { Features = x });
                var probability = MlNet(model, test, "Probability", x => new MlRows.Binary { Features = x });
                var ours = model.PredictProbability(Wdbc.Rows[test]);
                for (var i = 0; i < margins.Length; i++)
                {
                    // Trees sum their leaves in double and ML.NET rounds that sum: the same number once rounded. A linear
                    // model's float32 dot product differs from the double one in the last bits.
                    if (model.Scorer.Margin is TreeMargin) Assert.Equal(score[i][0], (float)margins[i]);
                    else Assert.Equal(score[i][0], margins[i], 1e-5 * (1 + Math.Abs(margins[i])));
                    Assert.Equal(probability[i][0], ours[i], 1e-6);
                }
                break;
            }
            case "multiclass":
            {
                var frame = ThreeClasses();
                var model = Learn.MulticlassClassification(frame.Rows[train], label: "kind").Using(choice).Fit();
                var ours = model.PredictProbabilities(frame.Rows[test]);
                var theirs = MlNet(model, test, "Score", x => new MlRows.Named { Label = "benign", Features = x });
                // ML.NET's slots are in its key order: benign first (the first row's class), then as met in the rows.
                var slots = model.Classes.Select(c => frame.Rows[train].GetColumn<string>("kind").Values.Distinct().ToList().IndexOf(c)).ToArray();
                for (var i = 0; i < ours.Length; i++)
                {
                    Assert.Equal(1, ours[i].Sum(), 12);
                    for (var k = 0; k < ours[i].Length; k++) Assert.Equal(theirs[i][slots[k]], ours[i][k], 1e-6);
                }
                break;
            }
            default:
            {
                var features = new[] { "mean_radius", "mean_perimeter", "mean_texture" };
                var model = Learn.Regression(Wdbc.Rows[train], label: "mean_area", features: features).Using(choice).Fit();
                var ours = model.Predict(Wdbc.Rows[test]);
                var theirs = MlNet(model, test, "Score", x => new MlRows.Numeric { Features = x });
                for (var i = 0; i < ours.Length; i++)
                {
                    if (trainer == "sdca") Assert.Equal(theirs[i][0], ours[i], 1e-5 * Math.Abs(ours[i]));
                    else Assert.Equal(theirs[i][0], (float)ours[i]);
                }
                break;
            }
        }
    }

    /// <summary>Three classes from WDBC: benign, and malignant split by tumour size.</summary>
    internal static Frame<int, string> ThreeClasses()
    {
        var area = Wdbc.GetColumn<double>("mean_area");
        var classes = Wdbc.GetColumn<string>("diagnosis").Select(kv => kv.Value == "benign" ? "benign" : area[kv.Key] > 900 ? "large" : "small");
        var frame = Wdbc.Clone();
        frame.AddColumn("kind", classes);
        frame.DropColumn("diagnosis");
        return frame;
    }
}
