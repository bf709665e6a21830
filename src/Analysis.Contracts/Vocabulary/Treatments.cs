namespace Analysis.Contracts;

/// <summary>Anti-cancer drugs of the data contract, with their RxNorm codes.</summary>
public enum Drug
{
    /// <summary>Endocrine therapy for ER-positive breast cancer.</summary>
    Tamoxifen,

    /// <summary>Anti-HER2 antibody.</summary>
    Trastuzumab,

    /// <summary>5-FU, colorectal chemotherapy backbone.</summary>
    Fluorouracil,

    /// <summary>Given with 5-FU (FOLFOX).</summary>
    Oxaliplatin,

    /// <summary>Platinum doublet backbone in lung cancer.</summary>
    Cisplatin,

    /// <summary>Anti-PD-1 immunotherapy.</summary>
    Pembrolizumab,
}

/// <summary>Procedures of the data contract.</summary>
public enum ProcedureKind
{
    /// <summary>Resection of the primary tumour.</summary>
    Surgery,

    /// <summary>A course of radiotherapy.</summary>
    Radiotherapy,
}

/// <summary>Codes of the treatments.</summary>
public static class Treatments
{
    /// <summary>The RxNorm code of the drug.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined drug.</exception>
    public static Code RxNorm(this Drug drug) => drug switch
    {
        Drug.Tamoxifen => new(CodeSystems.RxNorm, "10324", "tamoxifen"),
        Drug.Trastuzumab => new(CodeSystems.RxNorm, "224905", "trastuzumab"),
        Drug.Fluorouracil => new(CodeSystems.RxNorm, "4492", "fluorouracil"),
        Drug.Oxaliplatin => new(CodeSystems.RxNorm, "32592", "oxaliplatin"),
        Drug.Cisplatin => new(CodeSystems.RxNorm, "2555", "cisplatin"),
        Drug.Pembrolizumab => new(CodeSystems.RxNorm, "1547545", "pembrolizumab"),
        _ => throw new ArgumentOutOfRangeException(nameof(drug)),
    };

    /// <summary>The SNOMED CT code of the procedure.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined procedure.</exception>
    public static Code Snomed(this ProcedureKind kind) => kind switch
    {
        ProcedureKind.Surgery => Contracts.Snomed.Surgery,
        ProcedureKind.Radiotherapy => Contracts.Snomed.Radiotherapy,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
