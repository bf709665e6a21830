using Analysis.ML.Learning;
using Deedle;

namespace Analysis.ML.Tests;

public sealed class LearnTests
{
    private static readonly Frame<int, string> Wdbc = Datasets.BreastCancerWisconsin();

    /// <summary>A stratified 70/30 split by our own generator; its row ids go to Python so both sides use the same rows.</summary>
    internal static (int[] Train, int[] Test) Split()
    {
        var rng = new Random(20261201);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Wdbc.RowKeys.GroupBy(k => Wdbc.GetColumn<string>("diagnosis")[k]))
        {
            var ids = group.OrderBy(_ => rng.Next()).ToArray();
            var cut = (int)Math.Round(ids.Length * 0.7);
            train.AddRange(ids[..cut]);
            test.AddRange(ids[cut..]);
        }
        return ([.. train.Order()], [.. test.Order()]);
    }

    private const string SklearnLogistic = """
        import json, sys
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
        from sklearn import metrics
        from sklearn.calibration import calibration_curve
        q = json.load(sys.stdin)
        df = pd.read_csv(q["csv"]).set_index("id")
        X = df.drop(columns=["diagnosis"]); y = (df["diagnosis"] == "malignant").astype(int)
        tr, te = q["train"], q["test"]
        scaler = StandardScaler().fit(X.loc[tr])
        lr = LogisticRegression(C=q["C"], solver="lbfgs", max_iter=10000, tol=1e-10).fit(scaler.transform(X.loc[tr]), y.loc[tr])
        p_sk = lr.predict_proba(scaler.transform(X.loc[te]))[:, 1]
        yt = y.loc[te].values
        ours = q["ours"]
        pred = [1 if p >= 0.5 else 0 for p in ours]
        frac, mean = calibration_curve(yt, ours, n_bins=10, strategy="uniform")
        fpr, tpr, _ = metrics.roc_curve(yt, ours, drop_intermediate=False)
        print(json.dumps({
          "sklearn_auc": metrics.roc_auc_score(yt, p_sk),
          "auc": metrics.roc_auc_score(yt, ours), "average_precision": metrics.average_precision_score(yt, ours), "log_loss": metrics.log_loss(yt, ours), "brier": metrics.brier_score_loss(yt, ours),
          "accuracy": metrics.accuracy_score(yt, pred), "f1": metrics.f1_score(yt, pred), "precision": metrics.precision_score(yt, pred),
          "recall": metrics.recall_score(yt, pred), "confusion": metrics.confusion_matrix(yt, pred).tolist(),
          "cal_frac": frac.tolist(), "cal_mean": mean.tolist(), "fpr": fpr.tolist(), "tpr": tpr.tolist()}))
        """;

    [Fact]
    public void Dataset_has_the_shape_and_classes_of_wdbc()
    {
        Assert.Equal(569, Wdbc.RowCount);
        Assert.Equal(31, Wdbc.ColumnCount);
        Assert.Equal(212, Wdbc.GetColumn<string>("diagnosis").Values.Count(v => v == "malignant"));
        Assert.Equal(17.99, Wdbc.GetColumn<double>("mean_radius")[1]);
    }

    [Fact]
    public void Logistic_regression_auc_matches_scikit_learn_on_the_same_split_and_metrics_match_sklearn_metrics()
    {
        var (train, test) = Split();
        // Comparable settings: both standardise with the training rows' mean and population SD, both minimise
        // sum(log-loss) + (l2 / 2)|w|^2 with an unpenalised intercept, so scikit-learn's C = 1 / l2.
        var model = Learn.BinaryClassification(Wdbc.Rows[train], label: "diagnosis").Using(Trainer.LogisticRegression(l2: 1f)).Seed(1).Fit();
        Assert.Equal("malignant", model.Positive);
        var testFrame = Wdbc.Rows[test];
        var ours = model.Evaluate(testFrame);
        var probabilities = model.PredictProbability(testFrame);

        var sk = Peers.RunPython(SklearnLogistic, new
        {
            csv = Path.Combine(Peers.RepositoryRoot(), "data", "wdbc", "wdbc.csv"), train, test, C = 1.0, ours = probabilities,
        });

        // Different optimisers stop at slightly different points; on 171 test rows an AUC difference of 0.005 is one or two pairs.
        Assert.InRange(ours.Auc, sk.GetProperty("sklearn_auc").GetDouble() - 0.005, sk.GetProperty("sklearn_auc").GetDouble() + 0.005);
        Assert.True(ours.Auc > 0.97, ours.ToString());
        // Our metrics of our probabilities equal scikit-learn's metrics of the same probabilities.
        foreach (var (name, value) in new[] { ("auc", ours.Auc), ("average_precision", ours.AveragePrecision), ("log_loss", ours.LogLoss), ("brier", ours.Brier), ("accuracy", ours.Accuracy),
                     ("f1", ours.F1), ("precision", ours.Precision), ("recall", ours.Recall) })
            Assert.Equal(sk.GetProperty(name).GetDouble(), value, 9);
        var confusion = sk.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(confusion, ours.Confusion.Counts);
        Assert.Equal(Peers.Doubles(sk.GetProperty("cal_frac")), ours.Calibration.Select(b => b.Observed).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(Peers.Doubles(sk.GetProperty("cal_mean")), ours.Calibration.Select(b => b.MeanPredicted).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(Peers.Doubles(sk.GetProperty("fpr")), ours.Roc.Select(p => p.X).ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(Peers.Doubles(sk.GetProperty("tpr")), ours.Roc.Select(p => p.Y).ToArray(), new ToleranceComparer(1e-12));
        Assert.Contains("auc", ours.ToString());
        Assert.Equal(ours.Auc, ours.ToFrame().GetColumn<double>("value")["auc"]);
    }

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("fasttree")]
    [InlineData("sdca")]
    public void Cross_validation_is_stratified_reproducible_and_good_on_wdbc(string trainer)
    {
        var choice = trainer switch { "lightgbm" => Trainer.LightGbm(trees: 50), "fasttree" => Trainer.FastTree(trees: 30), _ => Trainer.Sdca(l2: 0.01f, iterations: 30) };
        var task = Learn.BinaryClassification(Wdbc, label: "diagnosis").Using(choice).Seed(7);
        var cv = task.CrossValidate(folds: 5);
        Assert.Equal(5, cv.Folds.Count);
        Assert.Equal(569, cv.Folds.Sum(f => f.N));
        // Stratified: each fold holds 212/5 or so malignant rows.
        Assert.All(cv.Folds, f => Assert.InRange(f.Positives, 42, 43));
        Assert.True(cv.Mean("auc") > 0.97, cv.ToString());
        // Same seed, same folds and models (checked for one trainer: a second run costs as much as the first).
        if (trainer == "lightgbm") Assert.Equal(cv.Folds.Select(f => f.Auc), task.CrossValidate(folds: 5).Folds.Select(f => f.Auc));
        var frame = cv.ToFrame();
        Assert.Equal(cv.Mean("auc"), frame.GetColumn<double>("auc")["mean"], 12);
        Assert.Equal(7, frame.RowCount);
    }

    [Fact]
    public void Multiclass_metrics_match_scikit_learn()
    {
        // Three classes from WDBC: benign, and malignant split by tumour size.
        var area = Wdbc.GetColumn<double>("mean_area");
        var classes = Wdbc.GetColumn<string>("diagnosis").Select(kv => kv.Value == "benign" ? "benign" : area[kv.Key] > 900 ? "large" : "small");
        var frame = Wdbc.Clone();
        frame.AddColumn("kind", classes);
        frame.DropColumn("diagnosis");
        var (train, test) = Split();
        var model = Learn.MulticlassClassification(frame.Rows[train], label: "kind").Using(Trainer.LightGbm(trees: 50)).Fit();
        var metrics = model.Evaluate(frame.Rows[test]);
        var probabilities = model.PredictProbabilities(frame.Rows[test]);
        var actual = frame.Rows[test].GetColumn<string>("kind").Values.Select(v => model.Classes.ToList().IndexOf(v)).ToArray();
        var sk = Peers.RunPython("""
            import json, sys
            from sklearn import metrics
            q = json.load(sys.stdin)
            y, p = q["y"], q["p"]
            pred = [max(range(len(r)), key=lambda k: r[k]) for r in p]
            print(json.dumps({"accuracy": metrics.accuracy_score(y, pred), "macro_f1": metrics.f1_score(y, pred, average="macro"),
                              "log_loss": metrics.log_loss(y, p, labels=[0, 1, 2]), "confusion": metrics.confusion_matrix(y, pred).tolist()}))
            """, new { y = actual, p = probabilities });
        Assert.Equal(["benign", "large", "small"], model.Classes);
        Assert.Equal(sk.GetProperty("accuracy").GetDouble(), metrics.Accuracy, 9);
        Assert.Equal(sk.GetProperty("macro_f1").GetDouble(), metrics.MacroF1, 9);
        Assert.Equal(sk.GetProperty("log_loss").GetDouble(), metrics.LogLoss, 6);
        Assert.True(metrics.Accuracy > 0.85, metrics.ToString());
    }

    [Fact]
    public void Regression_metrics_match_scikit_learn()
    {
        var (train, test) = Split();
        var features = new[] { "mean_radius", "mean_perimeter", "mean_texture" };
        var model = Learn.Regression(Wdbc.Rows[train], label: "mean_area", features: features).Using(Trainer.Sdca()).Fit();
        var metrics = model.Evaluate(Wdbc.Rows[test]);
        var sk = Peers.RunPython("""
            import json, sys, math
            from sklearn import metrics
            q = json.load(sys.stdin)
            print(json.dumps({"rmse": math.sqrt(metrics.mean_squared_error(q["y"], q["p"])), "mae": metrics.mean_absolute_error(q["y"], q["p"]),
                              "r2": metrics.r2_score(q["y"], q["p"])}))
            """, new { y = Wdbc.Rows[test].GetColumn<double>("mean_area").Values, p = model.Predict(Wdbc.Rows[test]) });
        Assert.Equal(sk.GetProperty("rmse").GetDouble(), metrics.Rmse, 6);
        Assert.Equal(sk.GetProperty("mae").GetDouble(), metrics.Mae, 6);
        Assert.Equal(sk.GetProperty("r2").GetDouble(), metrics.RSquared, 9);
        Assert.True(metrics.RSquared > 0.95, metrics.ToString());
    }

    [Fact]
    public void Bad_columns_are_refused_naming_the_column_and_problem()
    {
        var missing = Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(Wdbc, label: "diagnosis", features: ["mean_radius", "tumour_size"]));
        Assert.Contains("feature column 'tumour_size' is not in the frame", missing.Message);
        var noLabel = Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(Wdbc, label: "outcome"));
        Assert.Contains("label column 'outcome' is not in the frame", noLabel.Message);

        var typed = Wdbc.Clone();
        typed.AddColumn("site", Wdbc.RowKeys.Select(k => k % 2 == 0 ? "oslo" : "lyon").ToArray());
        var text = Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(typed, label: "diagnosis", features: ["mean_radius", "site"]));
        Assert.Contains("feature column 'site' holds String values, not numbers", text.Message);
        var threeLevels = Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(typed, label: "site", features: ["mean_radius"], positive: "bergen"));
        Assert.Contains("positive class 'bergen' does not occur in label column 'site'", threeLevels.Message);
        var regressionOnText = Assert.Throws<ArgumentException>(() => Learn.Regression(typed, label: "site", features: ["mean_radius"]));
        Assert.Contains("label column 'site' holds String values", regressionOnText.Message);

        var gaps = Wdbc.Clone();
        gaps.ReplaceColumn("mean_radius", Wdbc.GetColumn<double>("mean_radius").Select(kv => kv.Key == 5 ? double.NaN : kv.Value));
        var nan = Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(gaps, label: "diagnosis"));
        Assert.Contains("feature column 'mean_radius' has 1 missing or non-finite value(s), first at row 5", nan.Message);
        // Columns are read by Analysis.Stats' ColumnSource, so "NA" text is a missing label here as in the statistics.
        var na = Wdbc.Clone();
        na.ReplaceColumn("diagnosis", Wdbc.GetColumn<string>("diagnosis").Select(kv => kv.Key == 3 ? "NA" : kv.Value));
        Assert.Contains("label column 'diagnosis' has 1 missing value(s), first at row 3",
            Assert.Throws<ArgumentException>(() => Learn.BinaryClassification(na, label: "diagnosis")).Message);

        var model = Learn.BinaryClassification(Wdbc, label: "diagnosis", features: ["mean_radius", "mean_texture"]).Fit();
        var unseen = typed.Clone();
        unseen.DropColumn("diagnosis");
        unseen.RenameColumn("site", "diagnosis");
        var unknown = Assert.Throws<ArgumentException>(() => model.Evaluate(unseen));
        Assert.Contains("label column 'diagnosis' has value 'lyon' at row 1", unknown.Message);
        var trainerMismatch = Assert.Throws<ArgumentException>(() => Learn.Regression(Wdbc, label: "mean_area").Using(Trainer.LogisticRegression()).Fit());
        Assert.Contains("does not fit a numeric outcome", trainerMismatch.Message);
    }
}

public sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(double obj) => 0;
}
