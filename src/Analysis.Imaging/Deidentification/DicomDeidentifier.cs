using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Deidentification;

/// <summary>
/// De-identifies datasets with the common core of the DICOM PS3.15 Annex E Basic Application Level Confidentiality
/// Profile, plus the Retain Longitudinal Temporal Information with Modified Dates option:
/// identifying attributes are removed or emptied; patient name and ID become a keyed pseudonym; dates (DA, DT) are
/// shifted by a per-patient number of days; UIDs are replaced by 2.25 UIDs derived from a keyed hash, so references
/// between files stay consistent; private tags (and curves / overlay data) are removed; Patient Identity Removed is
/// set to YES with the method recorded. The same key gives the same pseudonyms, UIDs and shifts in every run.
/// </summary>
/// <param name="key">The secret the pseudonyms derive from; keep it to re-link later files of the same patients.</param>
public sealed class DicomDeidentifier(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>The Deidentification Method (0012,0063) written into each dataset.</summary>
    public const string Method = "PS3.15 E.1 Basic Profile subset; dates shifted; Analysis.Imaging";

    // Annex E action X (remove): attributes that identify the patient, staff, place or equipment.
    private static readonly HashSet<DicomTag> Removed =
    [
        DicomTag.OtherPatientIDs, DicomTag.OtherPatientNames, DicomTag.OtherPatientIDsSequence, DicomTag.PatientBirthName,
        DicomTag.PatientMotherBirthName, DicomTag.PatientAddress, DicomTag.PatientTelephoneNumbers, DicomTag.EthnicGroup,
        DicomTag.Occupation, DicomTag.AdditionalPatientHistory, DicomTag.PatientComments, DicomTag.PatientBirthTime,
        DicomTag.IssuerOfPatientID, DicomTag.InstitutionName, DicomTag.InstitutionAddress, DicomTag.InstitutionalDepartmentName,
        DicomTag.PhysiciansOfRecord, DicomTag.PerformingPhysicianName, DicomTag.NameOfPhysiciansReadingStudy,
        DicomTag.OperatorsName, DicomTag.RequestingPhysician, DicomTag.StationName, DicomTag.DeviceSerialNumber,
        DicomTag.StudyDescription, DicomTag.SeriesDescription,
        new(0x0008, 0x1120), // ReferencedPatientSequence
        new(0x0010, 0x1080), // MilitaryRank
        new(0x0010, 0x2000), // MedicalAlerts
        new(0x0010, 0x2110), // Allergies
        new(0x0010, 0x2150), // CountryOfResidence
        new(0x0010, 0x2152), // RegionOfResidence
        new(0x0020, 0x4000), // ImageComments
        new(0x0040, 0x0006), // ScheduledPerformingPhysicianName
        new(0x0040, 0xA123), // PersonName
    ];

    // Patient characteristics the basic profile removes unless the Retain Patient Characteristics option is chosen.
    private static readonly HashSet<DicomTag> Characteristics = [DicomTag.PatientAge, DicomTag.PatientSize, DicomTag.PatientWeight, DicomTag.PatientSex];

    // Annex E action Z (empty but present): attributes type 2 in most IODs.
    private static readonly HashSet<DicomTag> Emptied =
        [DicomTag.PatientBirthDate, DicomTag.ReferringPhysicianName, DicomTag.AccessionNumber, DicomTag.StudyID];

    /// <summary>Keep Patient's Sex, Age, Size and Weight (Retain Patient Characteristics Option); off by default.</summary>
    public bool RetainPatientCharacteristics { get; init; }

    /// <summary>A de-identified copy of a file; the original is left unchanged.</summary>
    public DicomFile Deidentify(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset.Clone();
        Apply(dataset);
        return new DicomFile(new DicomDataset(), dataset, file.TransferSyntax, file.Source);
    }

    /// <summary>De-identifies a dataset in place (and every sequence item in it).</summary>
    public void Apply(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var patientId = dataset.GetString(DicomTag.PatientID) ?? "";
        var shift = DateShiftDays(patientId);
        Clean(dataset, shift);
        var pseudonym = Pseudonym(patientId);
        dataset.Set(DicomTag.PatientName, DicomVR.PN, pseudonym)
            .Set(DicomTag.PatientID, DicomVR.LO, pseudonym)
            .Set(DicomTag.PatientIdentityRemoved, DicomVR.CS, "YES")
            .Set(DicomTag.DeidentificationMethod, DicomVR.LO, Method)
            .Set(DicomTag.LongitudinalTemporalInformationModified, DicomVR.CS, "MODIFIED");
        dataset.Add(DicomElement.FromItems(new DicomTag(0x0012, 0x0064), // DeidentificationMethodCodeSequence
        [
            Code("113100", "Basic Application Confidentiality Profile"),
            Code("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        ]));
    }

    /// <summary>The pseudonym for a patient ID (used as Patient's Name and Patient ID).</summary>
    public string Pseudonym(string patientId) => "ANON-" + Convert.ToHexString(Hash("patient:" + patientId), 0, 6);

    /// <summary>How many days a patient's dates move back (1 to 3650).</summary>
    public int DateShiftDays(string patientId) => (int)(BitConverter.ToUInt32(Hash("dates:" + patientId)) % 3650) + 1;

    /// <summary>The replacement for a UID: "2.25." and 128 bits of a keyed hash, as PS3.5 B.2 allows.</summary>
    public string PseudonymizeUid(string uid)
    {
        var bytes = Hash("uid:" + uid).AsSpan(0, 16).ToArray();
        return "2.25." + new BigInteger(bytes, isUnsigned: true).ToString(CultureInfo.InvariantCulture);
    }

    private void Clean(DicomDataset dataset, int shift)
    {
        dataset.RemoveAll(e => e.Tag.IsPrivate || Removed.Contains(e.Tag) || (!RetainPatientCharacteristics && Characteristics.Contains(e.Tag))
            || (e.Tag.Group & 0xFF00) == 0x5000 || ((e.Tag.Group & 0xFF00) == 0x6000 && e.Tag.Element is 0x3000 or 0x4000));
        foreach (var element in dataset.ToList())
        {
            if (Emptied.Contains(element.Tag))
                dataset.Add(DicomElement.FromBytes(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty));
            else if (element.Items is not null)
                foreach (var item in element.Items) Clean(item, shift);
            else if (element.VR == DicomVR.UI)
                dataset.Set(element.Tag, DicomVR.UI, dataset.GetStrings(element.Tag).Select(u => u.StartsWith("1.2.840.10008.", StringComparison.Ordinal) ? u : PseudonymizeUid(u)).ToArray());
            else if (element.VR is DicomVR.DA or DicomVR.DT && !element.RawValue.IsEmpty)
                dataset.Set(element.Tag, element.VR, dataset.GetStrings(element.Tag).Select(v => ShiftDate(v, shift)).ToArray());
        }
    }

    // Only the leading YYYYMMDD moves; a time or offset after it stays. Values that are not dates are emptied.
    private static string ShiftDate(string value, int days) =>
        value.Length >= 8 && DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.AddDays(-days).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + value[8..]
            : "";

    private static DicomDataset Code(string value, string meaning) => new DicomDataset()
        .Set(new DicomTag(0x0008, 0x0100), DicomVR.SH, value)
        .Set(new DicomTag(0x0008, 0x0102), DicomVR.SH, "DCM")
        .Set(new DicomTag(0x0008, 0x0104), DicomVR.LO, meaning);

    private byte[] Hash(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));
}
