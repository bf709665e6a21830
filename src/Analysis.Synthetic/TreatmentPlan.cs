namespace Analysis.Synthetic;

/// <summary>First-line treatment decided at diagnosis from cancer, stage, biomarkers and site practice.</summary>
/// <param name="Surgery">Resection planned.</param>
/// <param name="Radiotherapy">Radiotherapy planned.</param>
/// <param name="Drugs">Drugs planned, in the order they start.</param>
public sealed record TreatmentPlan(bool Surgery, bool Radiotherapy, IReadOnlyList<Drug> Drugs)
{
    /// <summary>True when <paramref name="drug"/> is part of the plan.</summary>
    public bool Contains(Drug drug) => Drugs.Contains(drug);

    /// <summary>Decides the plan. Survival depends on it (trastuzumab), so it is drawn before survival.</summary>
    public static TreatmentPlan Choose(CancerType cancer, int stage, Receptors? receptors, SiteProfile site, Xoshiro256 rng)
    {
        var surgery = rng.Chance(stage <= 3 ? site.SurgeryRate : site.SurgeryRate / 4);
        var radiotherapy = rng.Chance(Math.Min(1, Epidemiology.Radiotherapy(cancer, stage) * site.RadiotherapyRate));
        var drugs = new List<Drug>();
        switch (cancer)
        {
            case CancerType.Breast when receptors is { } r:
                if (r.HER2 && rng.Chance(site.TargetedTherapyRate)) drugs.Add(Drug.Trastuzumab);
                if (r.ER && rng.Chance(site.EndocrineTherapyRate)) drugs.Add(Drug.Tamoxifen);
                break;
            case CancerType.Colorectal:
                if (stage >= 3 && rng.Chance(site.ChemotherapyRate)) drugs.AddRange([Drug.Fluorouracil, Drug.Oxaliplatin]);
                break;
            case CancerType.Lung:
                if (stage >= 2 && rng.Chance(site.ChemotherapyRate)) drugs.Add(Drug.Cisplatin);
                if (stage == 4 && rng.Chance(site.ImmunotherapyRate)) drugs.Add(Drug.Pembrolizumab);
                break;
        }
        return new TreatmentPlan(surgery, radiotherapy, drugs);
    }

    /// <summary>
    /// Dates the plan. Every date falls between diagnosis and last contact, so nobody is treated
    /// after death or after leaving follow-up.
    /// </summary>
    public (List<ProcedureEvent> Procedures, List<MedicationOrder> Medications) Schedule(
        DateOnly diagnosis, DateOnly lastContact, bool deceased, Xoshiro256 rng)
    {
        var span = lastContact.DayNumber - diagnosis.DayNumber;
        DateOnly Within(int from, int to) => diagnosis.AddDays(Math.Min(span, rng.NextInt(from, to)));

        var procedures = new List<ProcedureEvent>();
        var surgeryDate = Within(14, 60);
        if (Surgery) procedures.Add(new(ProcedureKind.Surgery, surgeryDate));
        if (Radiotherapy) procedures.Add(new(ProcedureKind.Radiotherapy, Within(Surgery ? 60 : 14, 120)));

        var medications = new List<MedicationOrder>(Drugs.Count);
        foreach (var drug in Drugs)
        {
            var start = Within(21, 90);
            // Tamoxifen is taken for five years; the rest are courses of a few months.
            var courseDays = drug == Drug.Tamoxifen ? 5 * 365 : 180;
            var active = !deceased && lastContact.DayNumber - start.DayNumber < courseDays;
            medications.Add(new(drug, start, active));
        }
        procedures.Sort((a, b) => a.Date.CompareTo(b.Date));
        medications.Sort((a, b) => a.AuthoredOn.CompareTo(b.AuthoredOn));
        return (procedures, medications);
    }
}
