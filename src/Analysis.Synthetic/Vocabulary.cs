namespace Analysis.Synthetic;

/// <summary>The genes whose mutation status every patient gets.</summary>
public enum Gene
{
    /// <summary>KRAS proto-oncogene.</summary>
    KRAS,
    /// <summary>Epidermal growth factor receptor.</summary>
    EGFR,
    /// <summary>Tumour protein p53.</summary>
    TP53,
    /// <summary>PI3-kinase catalytic subunit alpha.</summary>
    PIK3CA,
}

/// <summary>Anti-cancer drugs the generator prescribes, with their RxNorm codes.</summary>
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

/// <summary>Procedures the generator records.</summary>
public enum ProcedureKind
{
    /// <summary>Resection of the primary tumour.</summary>
    Surgery,
    /// <summary>A course of radiotherapy.</summary>
    Radiotherapy,
}

/// <summary>Codes for the vocabularies above, as the site data contract fixes them.</summary>
public static class Codes
{
    /// <summary>HGNC identifier, e.g. "HGNC:6407" for KRAS.</summary>
    public static string Hgnc(this Gene gene) => gene switch
    {
        Gene.KRAS => "HGNC:6407",
        Gene.EGFR => "HGNC:3236",
        Gene.TP53 => "HGNC:11998",
        Gene.PIK3CA => "HGNC:8975",
        _ => throw new ArgumentOutOfRangeException(nameof(gene)),
    };

    /// <summary>Every gene, in contract order.</summary>
    public static IReadOnlyList<Gene> Genes { get; } = [Gene.KRAS, Gene.EGFR, Gene.TP53, Gene.PIK3CA];

    /// <summary>RxNorm code and display name.</summary>
    public static (string Code, string Display) RxNorm(this Drug drug) => drug switch
    {
        Drug.Tamoxifen => ("10324", "tamoxifen"),
        Drug.Trastuzumab => ("224905", "trastuzumab"),
        Drug.Fluorouracil => ("4492", "fluorouracil"),
        Drug.Oxaliplatin => ("32592", "oxaliplatin"),
        Drug.Cisplatin => ("2555", "cisplatin"),
        Drug.Pembrolizumab => ("1547545", "pembrolizumab"),
        _ => throw new ArgumentOutOfRangeException(nameof(drug)),
    };

    /// <summary>SNOMED CT code and display.</summary>
    public static (string Code, string Display) Snomed(this ProcedureKind kind) => kind switch
    {
        ProcedureKind.Surgery => ("387713003", "Surgical procedure"),
        ProcedureKind.Radiotherapy => ("108290001", "Radiotherapy"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
