namespace Analysis.Contracts;

/// <summary>The network a federated-averaging round trains.</summary>
public sealed record FedAvgModel
{
    /// <summary>Hidden layer widths of the multilayer perceptron (empty: logistic regression).</summary>
    public IReadOnlyList<int>? Hidden { get; init; }
}

/// <summary>The mean and standard deviation a numeric covariate is standardised with, as the client pooled them.</summary>
public sealed record Standardization
{
    // Settable rather than init-only: the source-generated reader sets every init-only member, present or not, so a
    // member missing from the JSON would get 0 instead of its default (dotnet/runtime#84484).

    /// <summary>Subtracted from the value.</summary>
    public double Mean { get; init; }

    /// <summary>Divides the centred value; must be positive.</summary>
    public double Sd { get; set; } = 1;
}

/// <summary>
/// The fixed centre and scale protected sites standardise each numeric covariate with in federated averaging: constants,
/// the same at every site (so the sites train one model) and taken from no site's data (so they say nothing about it).
/// A client that trains at exact-mode sites too sends these as <see cref="FedAvgRequest.Standardize"/>, which a protected
/// site accepts because they are its own.
/// </summary>
public static class ReferenceScales
{
    /// <summary>Per numeric variable name, its reference centre and scale.</summary>
    public static IReadOnlyDictionary<string, Standardization> Numeric { get; } = new Dictionary<string, Standardization>
    {
        [Variable.AgeAtDiagnosis.Name] = new() { Mean = 60, Sd = 15 },
        [Variable.FollowupDays.Name] = new() { Mean = 0, Sd = 365.25 },
        [Variable.TumourVolume.Name] = new() { Mean = 10, Sd = 10 },
        [Variable.TumourIntensity.Name] = new() { Mean = 60, Sd = 30 },
    };
}

/// <summary>Body of <c>POST /api/v1/ml/fedavg</c>: train the global weights on this site's cohort for some local epochs.</summary>
public sealed record FedAvgRequest
{
    // Settable rather than init-only: the source-generated reader sets every init-only member, present or not, so a
    // member missing from the JSON would get 0 instead of its default (dotnet/runtime#84484).

    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>A categorical variable whose <see cref="Positive"/> level is the outcome 1, e.g. <c>event</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The level counted as 1; may be omitted for a two-level variable (the later level is then 1).</summary>
    public string? Positive { get; init; }

    /// <summary>Variable names; categorical ones become dummy columns against their first level, numeric ones are standardised.</summary>
    public IReadOnlyList<string>? Covariates { get; init; }

    /// <summary>Per numeric covariate, the pooled mean and SD to standardise with; a numeric covariate without one enters raw.
    /// A protected site standardises with <see cref="ReferenceScales"/> and refuses any other values (400).</summary>
    public IReadOnlyDictionary<string, Standardization>? Standardize { get; init; }

    /// <summary>The network's shape.</summary>
    public FedAvgModel? Model { get; init; }

    /// <summary>The global weights as base64 little-endian float32, in TorchSharp/PyTorch <c>parameters()</c> order. When
    /// omitted the node trains nothing and answers with the design columns, n and the parameter count, so a client can build the model.</summary>
    public string? Weights { get; init; }

    /// <summary>Local epochs (1..100).</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>SGD step size (positive, at most 10).</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Rows per step; 0 for full batch; otherwise at least the node's minimum subset size.</summary>
    public int BatchSize { get; init; }

    /// <summary>Seeds the local batch shuffling.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Optional L2 bound on the update (new minus received weights); exact-mode sites only. A protected site clips
    /// each patient's gradient to its own policy's bound and refuses a client's value (400).</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Optional Gaussian noise multiplier (needs <see cref="ClipNorm"/>): noise SD is <c>noiseMultiplier × clipNorm</c>;
    /// exact-mode sites only (a protected site uses its policy's and refuses a client's value, 400).</summary>
    public double? NoiseMultiplier { get; init; }
}

/// <summary>Answer of <c>ml/fedavg</c>.</summary>
/// <param name="Columns">The design columns the network reads, in input order.</param>
/// <param name="N">Patients trained on (the cohort's complete cases).</param>
/// <param name="Parameters">The network's parameter count.</param>
/// <param name="Weights">The locally trained weights (base64 float32); null when none were sent.</param>
/// <param name="Loss">Mean binary cross-entropy of the received weights on the site's rows; null when none were sent.</param>
public sealed record FedAvgResult(IReadOnlyList<string> Columns, long N, long Parameters, string? Weights = null, double? Loss = null)
{
    /// <summary>The differential-privacy budget at the site after this request (protected mode); null at an exact-mode site.</summary>
    public PrivacyBudget? Privacy { get; init; }
}

/// <summary>A site's differential-privacy accounting for federated learning, as (ε, δ) with the site's δ.</summary>
/// <param name="Delta">The δ every ε here is computed for (the site's <c>learning.delta</c>).</param>
/// <param name="Epsilon">The ε this request spent on its own (0 when it trained nothing).</param>
/// <param name="UserEpsilon">The ε the user has spent at the site, all requests composed.</param>
/// <param name="UserRemaining">What the user may still spend (<c>learning.epsilonPerUser</c> minus the spent ε).</param>
/// <param name="StudyEpsilon">The ε the user's study has spent at the site.</param>
/// <param name="StudyRemaining">What the study may still spend (<c>learning.epsilonPerStudy</c> minus the spent ε).</param>
public sealed record PrivacyBudget(double Delta, double Epsilon, double UserEpsilon, double UserRemaining, double StudyEpsilon, double StudyRemaining);
