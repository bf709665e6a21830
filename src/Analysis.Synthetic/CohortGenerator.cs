namespace Analysis.Synthetic;

/// <summary>Generates the patients of one site, lazily and deterministically.</summary>
/// <remarks>
/// Each patient draws from its own random stream keyed by (seed, site, index), so patient n is the
/// same whatever the cohort size, and nothing needs to be held in memory between patients.
/// Integer arithmetic and the random stream are identical everywhere; Math.Log, Exp and Pow come
/// from the platform's maths library and may differ in the last bit between operating systems or
/// runtimes. Their results only reach the files after rounding to whole days or comparison with
/// a probability, so a difference would need a value within one ulp of a boundary: possible in
/// principle, which is why byte-identity is promised (and tested) per platform, not across them.
/// </remarks>
public sealed class CohortGenerator
{
    private const double DaysPerYear = 365.25;
    // No one is followed for more than ~150 years; this keeps dates valid when censoring is off.
    private const int MaxFollowUpDays = 55_000;

    private readonly GeneratorOptions _options;
    private readonly SiteProfile _profile;
    private readonly ulong _siteKey;
    private readonly double[] _cancerWeights;

    /// <summary>Prepares a generator; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public CohortGenerator(GeneratorOptions options)
    {
        options.Validate();
        _options = options;
        _profile = options.EffectiveProfile;
        _siteKey = SiteProfile.StableHash(options.Site);
        _cancerWeights = options.Cancers.Select(_profile.Weight).ToArray();
    }

    /// <summary>The options this generator was made with.</summary>
    public GeneratorOptions Options => _options;

    /// <summary>The site profile in effect.</summary>
    public SiteProfile Profile => _profile;

    /// <summary>All patients, in id order, generated one at a time.</summary>
    public IEnumerable<SyntheticPatient> Patients()
    {
        for (var i = 0; i < _options.Patients; i++) yield return Patient(i);
    }

    /// <summary>The patient at zero-based <paramref name="index"/>.</summary>
    public SyntheticPatient Patient(int index)
    {
        var rng = Xoshiro256.ForStream(_options.Seed, _siteKey, (ulong)index);
        var cancer = _options.Cancers[rng.Pick(_cancerWeights)];
        var female = rng.Chance(Epidemiology.FemaleRate(cancer));

        var diagnosis = _options.DiagnosisFrom.AddDays(rng.NextInt(0, _options.DiagnosisTo.DayNumber - _options.DiagnosisFrom.DayNumber + 1));
        var age = (int)Math.Clamp(Math.Round(Epidemiology.MeanAge(cancer) + _profile.AgeShift + Epidemiology.AgeSd * rng.NextGaussian()), 25, 95);
        // Any birth date in the 364 days before the age-th birthday anniversary gives exactly `age`
        // whole years at diagnosis, which is what the node derives.
        var birth = diagnosis.AddYears(-age).AddDays(-rng.NextInt(0, 364));

        var tnm = Staging.Draw(1 + rng.Pick(StageMix(cancer)), rng);
        var receptors = cancer == CancerType.Breast ? DrawReceptors(rng) : (Receptors?)null;
        var mutated = DrawMutations(cancer, receptors, rng);
        var variants = MutationCatalog.Draw(cancer, mutated, rng);

        var plan = TreatmentPlan.Choose(cancer, tnm.Stage, receptors, _profile, rng);
        var presentation = new Presentation(cancer, age, female, tnm.Stage, receptors, mutated, plan.Contains(Drug.Trastuzumab));

        var deathDays = ToDays(SurvivalModels.For(cancer).SampleYears(presentation, rng));
        var lossDays = _profile.LossToFollowUpPerYear > 0
            ? ToDays(-Math.Log(rng.NextOpenDouble()) / _profile.LossToFollowUpPerYear)
            : MaxFollowUpDays;
        var adminDays = _options.StudyEnd is { } end ? end.DayNumber - diagnosis.DayNumber : MaxFollowUpDays;
        var censorDays = Math.Min(lossDays, adminDays);
        var deceased = deathDays <= censorDays;
        var followUp = Math.Min(deathDays, censorDays);
        var lastContact = diagnosis.AddDays(followUp);

        var (procedures, medications) = plan.Schedule(diagnosis, lastContact, deceased, rng);
        return new SyntheticPatient
        {
            Index = index,
            Id = PatientId(_options.Site, index),
            Cancer = cancer,
            Female = female,
            BirthDate = birth,
            DiagnosisDate = diagnosis,
            AgeAtDiagnosis = age,
            Tnm = tnm,
            Receptors = receptors,
            Mutated = mutated,
            Variants = variants,
            Procedures = procedures,
            Medications = medications,
            LastContact = lastContact,
            Deceased = deceased,
        };
    }

    /// <summary>The contract's Patient.id: <c>{site}-{n:D6}</c> with n counted from 1.</summary>
    public static string PatientId(string site, int index) => $"{site}-{index + 1:D6}";

    private static int ToDays(double years) => (int)Math.Min(MaxFollowUpDays, Math.Floor(years * DaysPerYear));

    private double[] StageMix(CancerType cancer)
    {
        // Tilt the population mix towards later (shift > 0) or earlier stages, one log-odds step per stage.
        var mix = Epidemiology.StageMix(cancer);
        for (var s = 0; s < mix.Length; s++) mix[s] *= Math.Exp(_profile.StageShift * (s - 1.5));
        return mix;
    }

    private static Receptors DrawReceptors(Xoshiro256 rng)
    {
        var er = rng.Chance(Epidemiology.ErPositive);
        var pr = rng.Chance(er ? Epidemiology.PrGivenEr : Epidemiology.PrGivenErNegative);
        return new Receptors(er, pr, rng.Chance(Epidemiology.Her2Positive));
    }

    private static bool[] DrawMutations(CancerType cancer, Receptors? receptors, Xoshiro256 rng)
    {
        var mutated = new bool[MarkerGenes.All.Count];
        var egfr = Epidemiology.MutationRate(cancer, MarkerGene.EGFR);
        var kras = Epidemiology.MutationRate(cancer, MarkerGene.KRAS);
        mutated[(int)MarkerGene.EGFR] = rng.Chance(egfr);
        // EGFR and KRAS drivers are almost mutually exclusive: draw KRAS among EGFR wild-type only,
        // scaled so the overall KRAS rate is still the published one.
        mutated[(int)MarkerGene.KRAS] = !mutated[(int)MarkerGene.EGFR] && rng.Chance(kras / (1 - egfr));
        mutated[(int)MarkerGene.TP53] = rng.Chance(Epidemiology.MutationRate(cancer, MarkerGene.TP53));
        var pik3ca = Epidemiology.MutationRate(cancer, MarkerGene.PIK3CA);
        if (receptors is { } r)
        {
            // PIK3CA is enriched in ER-positive breast cancer: 0.75 × 0.36 + 0.25 × 0.20 = 0.32 overall.
            pik3ca = r.ER ? 0.36 : 0.20;
        }
        mutated[(int)MarkerGene.PIK3CA] = rng.Chance(pik3ca);
        return mutated;
    }
}
