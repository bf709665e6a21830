using System.Text;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>
/// EUCAIM's federated search over the sites' imaging, typed: AND across sex, diagnosis, modality, body part and
/// manufacturer, one value each. Made by <see cref="FederationClient.Imaging"/>; immutable, each call returns a narrower query.
/// </summary>
/// <example><code>
/// var ct = await fed.Imaging().Modality(ImagingModality.CT).BodyPart(BodyPart.Chest).CountAsync();
/// ct.Plot()   // subjects and studies per site
/// </code></example>
public sealed record ImagingQuery
{
    private readonly FederationClient? _federation;

    internal ImagingQuery(FederationClient federation) => _federation = federation;

    /// <summary>The sex, if narrowed.</summary>
    public Sex? SexValue { get; init; }

    /// <summary>The diagnosis (a SNOMED CT code), if narrowed.</summary>
    public Code? DiagnosisCode { get; init; }

    /// <summary>The modality, if narrowed.</summary>
    public ImagingModality? ModalityValue { get; init; }

    /// <summary>The body part, if narrowed.</summary>
    public BodyPart? BodyPartValue { get; init; }

    /// <summary>The manufacturer, if narrowed.</summary>
    public string? ManufacturerValue { get; init; }

    /// <summary>Subjects of this sex.</summary>
    public ImagingQuery Sex(Sex sex) => this with { SexValue = sex };

    /// <summary>Subjects whose primary cancer has this SNOMED CT code (e.g. <c>Snomed.BreastCancer</c>).</summary>
    /// <exception cref="ArgumentException">The code is not a SNOMED CT code.</exception>
    public ImagingQuery Diagnosis(Code code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.System != CodeSystems.Snomed) throw new ArgumentException($"the imaging search's diagnosis is a SNOMED CT code, not {code.System}", nameof(code));
        return this with { DiagnosisCode = code };
    }

    /// <summary>Subjects with this cancer.</summary>
    public ImagingQuery Diagnosis(CancerType cancer) => this with { DiagnosisCode = cancer.Snomed() };

    /// <summary>Series of this modality.</summary>
    public ImagingQuery Modality(ImagingModality modality) => this with { ModalityValue = modality };

    /// <summary>Series of this body part.</summary>
    public ImagingQuery BodyPart(BodyPart part) => this with { BodyPartValue = part };

    /// <summary>Series from this manufacturer (as DICOM names it, any case).</summary>
    /// <exception cref="ArgumentException">Empty or longer than 64 characters.</exception>
    public ImagingQuery Manufacturer(string manufacturer)
    {
        if (string.IsNullOrWhiteSpace(manufacturer) || manufacturer.Trim().Length > 64)
            throw new ArgumentException("a manufacturer is 1 to 64 characters", nameof(manufacturer));
        return this with { ManufacturerValue = manufacturer.Trim() };
    }

    /// <summary>The wire request, coded as EUCAIM codes it.</summary>
    public ImagingSearchRequest ToRequest() => new()
    {
        Gender = SexValue is { } s ? Eucaim.SexCode(s) : null,
        Diagnosis = DiagnosisCode?.Value,
        Modality = ModalityValue?.RadLex(),
        BodyPart = BodyPartValue?.SnomedCode(),
        Manufacturer = ManufacturerValue,
    };

    /// <summary>Subjects and studies per site and in total, each count as its site released it.</summary>
    /// <exception cref="InvalidOperationException">The query was not made from a federation.</exception>
    public async Task<Federated<ImagingCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        var federation = _federation ?? throw new InvalidOperationException("this query was not made by FederationClient.Imaging()");
        var answers = await federation.AskAllAsync(ImagingEndpoints.Search, ToRequest(), cancellationToken).ConfigureAwait(false);
        var perSite = answers.Select(a => a.Value is { } v
            ? new SiteAnswer<ImagingCount>(a.Site, new ImagingCount(Count.Of(v.Subjects), Count.Of(v.Studies)), null)
            : new SiteAnswer<ImagingCount>(a.Site, null, a.Failure)).ToList();
        var sites = perSite.Select(s => s.Value is { } c
            ? new SiteContribution(s.Site, true, c.Subjects.IsLowerBound ? null : c.Subjects.N, null)
            : new SiteContribution(s.Site, false, null, s.Failure)).ToList();
        var caveats = new List<string>();
        if (sites.Any(s => !s.Included)) caveats.Add("not every site answered: the totals cover the sites that did");
        var withheld = perSite.Where(s => s.Value?.Subjects.IsLowerBound == true).ToList();
        if (withheld.Count > 0)
            caveats.Add($"{string.Join(", ", withheld.Select(s => $"{s.Site} ({s.Value!.Subjects.Display})"))} withheld {(withheld.Count == 1 ? "its counts" : "their counts")} " +
                        "under the cell threshold, counted as 0: the totals are lower bounds");
        var answered = perSite.Where(s => s.Value is not null).Select(s => s.Value!).ToList();
        var incomplete = sites.Any(s => !s.Included);
        var total = new ImagingCount(Count.Sum(answered.Select(a => a.Subjects), incomplete), Count.Sum(answered.Select(a => a.Studies), incomplete));
        return await new Federated<ImagingCount>(total, sites, caveats, perSite).WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (SexValue is { } s) parts.Add(s.ToString().ToLowerInvariant());
        if (DiagnosisCode is { } d) parts.Add(d.Display is { Length: > 0 } ? d.Display : d.Value);
        if (ModalityValue is { } m) parts.Add(m.ToString());
        if (BodyPartValue is { } b) parts.Add(b.ToString().ToLowerInvariant());
        if (ManufacturerValue is { } f) parts.Add(f);
        return new StringBuilder("imaging").Append(parts.Count == 0 ? "" : ": " + string.Join(", ", parts)).ToString();
    }
}

/// <summary>Subjects and studies matching an imaging search, as released (a withheld count is a lower bound, never 0).</summary>
/// <param name="Subjects">Patients with a matching series.</param>
/// <param name="Studies">Studies with a matching series.</param>
public sealed record ImagingCount(Count Subjects, Count Studies)
{
    /// <inheritdoc />
    public override string ToString() => $"{Subjects.Display} subjects, {Studies.Display} studies";
}

/// <summary>The imaging endpoints of a node, in the contract's types.</summary>
public static class ImagingEndpoints
{
    /// <summary><c>POST api/v1/imaging/search</c>: EUCAIM's federated search.</summary>
    public static NodeEndpoint<ImagingSearchRequest, ImagingSearchResult> Search { get; } =
        new("api/v1/imaging/search", ContractJson.Default.ImagingSearchRequest, ClientJson.Answers.ImagingSearchResult);
}
