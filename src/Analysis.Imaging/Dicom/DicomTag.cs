using System.Globalization;

namespace Analysis.Imaging.Dicom;

/// <summary>A DICOM attribute tag: a (group, element) pair such as (0010,0010) Patient's Name.</summary>
/// <param name="Group">The group number (odd groups are private).</param>
/// <param name="Element">The element number within the group.</param>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>The tag as one 32-bit number, group in the high half (the order elements are stored in).</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>True for tags in odd groups, which belong to a vendor's private dictionary.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008;

    /// <summary>True for a private creator element (gggg,0010)-(gggg,00FF) that reserves a block of a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>The standard keyword of this tag (e.g. "PatientName"), or null for private and unknown tags.</summary>
    public string? Keyword => DicomDictionary.Find(this)?.Keyword;

    /// <summary>Makes a tag from its 32-bit form (group in the high half).</summary>
    public static DicomTag FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    /// <summary>Parses "(0010,0010)", "0010,0010", "00100010" or a standard keyword such as "PatientName".</summary>
    /// <exception cref="FormatException">The text is neither a tag number nor a known keyword.</exception>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim().Trim('(', ')').Replace(",", "", StringComparison.Ordinal);
        if (hex.Length == 8 && uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            return FromValue(value);
        return DicomDictionary.FindByKeyword(text.Trim())?.Tag
            ?? throw new FormatException($"'{text}' is neither a DICOM tag (gggg,eeee) nor a keyword of the data dictionary.");
    }

    /// <inheritdoc />
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>The tag as "(gggg,eeee)" in hexadecimal, followed by its keyword when known.</summary>
    public override string ToString()
    {
        var keyword = Keyword;
        return keyword is null ? $"({Group:X4},{Element:X4})" : $"({Group:X4},{Element:X4}) {keyword}";
    }

    internal static readonly DicomTag Item = new(0xFFFE, 0xE000);
    internal static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    internal static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);

    /// <summary>(0002,0000) File Meta Information Group Length, VR UL.</summary>
    public static readonly DicomTag FileMetaInformationGroupLength = new(0x0002, 0x0000);
    /// <summary>(0002,0001) File Meta Information Version, VR OB.</summary>
    public static readonly DicomTag FileMetaInformationVersion = new(0x0002, 0x0001);
    /// <summary>(0002,0002) Media Storage SOP Class UID, VR UI.</summary>
    public static readonly DicomTag MediaStorageSOPClassUID = new(0x0002, 0x0002);
    /// <summary>(0002,0003) Media Storage SOP Instance UID, VR UI.</summary>
    public static readonly DicomTag MediaStorageSOPInstanceUID = new(0x0002, 0x0003);
    /// <summary>(0002,0010) Transfer Syntax UID, VR UI.</summary>
    public static readonly DicomTag TransferSyntaxUID = new(0x0002, 0x0010);
    /// <summary>(0002,0012) Implementation Class UID, VR UI.</summary>
    public static readonly DicomTag ImplementationClassUID = new(0x0002, 0x0012);
    /// <summary>(0002,0013) Implementation Version Name, VR SH.</summary>
    public static readonly DicomTag ImplementationVersionName = new(0x0002, 0x0013);
    /// <summary>(0008,0005) Specific Character Set, VR CS.</summary>
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    /// <summary>(0008,0008) Image Type, VR CS.</summary>
    public static readonly DicomTag ImageType = new(0x0008, 0x0008);
    /// <summary>(0008,0012) Instance Creation Date, VR DA.</summary>
    public static readonly DicomTag InstanceCreationDate = new(0x0008, 0x0012);
    /// <summary>(0008,0016) SOP Class UID, VR UI.</summary>
    public static readonly DicomTag SOPClassUID = new(0x0008, 0x0016);
    /// <summary>(0008,0018) SOP Instance UID, VR UI.</summary>
    public static readonly DicomTag SOPInstanceUID = new(0x0008, 0x0018);
    /// <summary>(0008,0020) Study Date, VR DA.</summary>
    public static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    /// <summary>(0008,0021) Series Date, VR DA.</summary>
    public static readonly DicomTag SeriesDate = new(0x0008, 0x0021);
    /// <summary>(0008,0022) Acquisition Date, VR DA.</summary>
    public static readonly DicomTag AcquisitionDate = new(0x0008, 0x0022);
    /// <summary>(0008,0023) Content Date, VR DA.</summary>
    public static readonly DicomTag ContentDate = new(0x0008, 0x0023);
    /// <summary>(0008,002A) Acquisition DateTime, VR DT.</summary>
    public static readonly DicomTag AcquisitionDateTime = new(0x0008, 0x002A);
    /// <summary>(0008,0030) Study Time, VR TM.</summary>
    public static readonly DicomTag StudyTime = new(0x0008, 0x0030);
    /// <summary>(0008,0050) Accession Number, VR SH.</summary>
    public static readonly DicomTag AccessionNumber = new(0x0008, 0x0050);
    /// <summary>(0008,0060) Modality, VR CS.</summary>
    public static readonly DicomTag Modality = new(0x0008, 0x0060);
    /// <summary>(0008,0070) Manufacturer, VR LO.</summary>
    public static readonly DicomTag Manufacturer = new(0x0008, 0x0070);
    /// <summary>(0008,0080) Institution Name, VR LO.</summary>
    public static readonly DicomTag InstitutionName = new(0x0008, 0x0080);
    /// <summary>(0008,0081) Institution Address, VR ST.</summary>
    public static readonly DicomTag InstitutionAddress = new(0x0008, 0x0081);
    /// <summary>(0008,0090) Referring Physician's Name, VR PN.</summary>
    public static readonly DicomTag ReferringPhysicianName = new(0x0008, 0x0090);
    /// <summary>(0008,1010) Station Name, VR SH.</summary>
    public static readonly DicomTag StationName = new(0x0008, 0x1010);
    /// <summary>(0008,1030) Study Description, VR LO.</summary>
    public static readonly DicomTag StudyDescription = new(0x0008, 0x1030);
    /// <summary>(0008,103E) Series Description, VR LO.</summary>
    public static readonly DicomTag SeriesDescription = new(0x0008, 0x103E);
    /// <summary>(0008,1040) Institutional Department Name, VR LO.</summary>
    public static readonly DicomTag InstitutionalDepartmentName = new(0x0008, 0x1040);
    /// <summary>(0008,1048) Physician(s) of Record, VR PN.</summary>
    public static readonly DicomTag PhysiciansOfRecord = new(0x0008, 0x1048);
    /// <summary>(0008,1050) Performing Physician's Name, VR PN.</summary>
    public static readonly DicomTag PerformingPhysicianName = new(0x0008, 0x1050);
    /// <summary>(0008,1060) Name of Physician(s) Reading Study, VR PN.</summary>
    public static readonly DicomTag NameOfPhysiciansReadingStudy = new(0x0008, 0x1060);
    /// <summary>(0008,1070) Operators' Name, VR PN.</summary>
    public static readonly DicomTag OperatorsName = new(0x0008, 0x1070);
    /// <summary>(0010,0010) Patient's Name, VR PN.</summary>
    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    /// <summary>(0010,0020) Patient ID, VR LO.</summary>
    public static readonly DicomTag PatientID = new(0x0010, 0x0020);
    /// <summary>(0010,0021) Issuer of Patient ID, VR LO.</summary>
    public static readonly DicomTag IssuerOfPatientID = new(0x0010, 0x0021);
    /// <summary>(0010,0030) Patient's Birth Date, VR DA.</summary>
    public static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);
    /// <summary>(0010,0032) Patient's Birth Time, VR TM.</summary>
    public static readonly DicomTag PatientBirthTime = new(0x0010, 0x0032);
    /// <summary>(0010,0040) Patient's Sex, VR CS.</summary>
    public static readonly DicomTag PatientSex = new(0x0010, 0x0040);
    /// <summary>(0010,1000) Other Patient IDs, VR LO.</summary>
    public static readonly DicomTag OtherPatientIDs = new(0x0010, 0x1000);
    /// <summary>(0010,1001) Other Patient Names, VR PN.</summary>
    public static readonly DicomTag OtherPatientNames = new(0x0010, 0x1001);
    /// <summary>(0010,1002) Other Patient IDs Sequence, VR SQ.</summary>
    public static readonly DicomTag OtherPatientIDsSequence = new(0x0010, 0x1002);
    /// <summary>(0010,1005) Patient's Birth Name, VR PN.</summary>
    public static readonly DicomTag PatientBirthName = new(0x0010, 0x1005);
    /// <summary>(0010,1010) Patient's Age, VR AS.</summary>
    public static readonly DicomTag PatientAge = new(0x0010, 0x1010);
    /// <summary>(0010,1020) Patient's Size, VR DS.</summary>
    public static readonly DicomTag PatientSize = new(0x0010, 0x1020);
    /// <summary>(0010,1030) Patient's Weight, VR DS.</summary>
    public static readonly DicomTag PatientWeight = new(0x0010, 0x1030);
    /// <summary>(0010,1040) Patient's Address, VR LO.</summary>
    public static readonly DicomTag PatientAddress = new(0x0010, 0x1040);
    /// <summary>(0010,1060) Patient's Mother's Birth Name, VR PN.</summary>
    public static readonly DicomTag PatientMotherBirthName = new(0x0010, 0x1060);
    /// <summary>(0010,2154) Patient's Telephone Numbers, VR SH.</summary>
    public static readonly DicomTag PatientTelephoneNumbers = new(0x0010, 0x2154);
    /// <summary>(0010,2160) Ethnic Group, VR SH.</summary>
    public static readonly DicomTag EthnicGroup = new(0x0010, 0x2160);
    /// <summary>(0010,2180) Occupation, VR SH.</summary>
    public static readonly DicomTag Occupation = new(0x0010, 0x2180);
    /// <summary>(0010,21B0) Additional Patient History, VR LT.</summary>
    public static readonly DicomTag AdditionalPatientHistory = new(0x0010, 0x21B0);
    /// <summary>(0010,4000) Patient Comments, VR LT.</summary>
    public static readonly DicomTag PatientComments = new(0x0010, 0x4000);
    /// <summary>(0012,0062) Patient Identity Removed, VR CS.</summary>
    public static readonly DicomTag PatientIdentityRemoved = new(0x0012, 0x0062);
    /// <summary>(0012,0063) De-identification Method, VR LO.</summary>
    public static readonly DicomTag DeidentificationMethod = new(0x0012, 0x0063);
    /// <summary>(0018,0050) Slice Thickness, VR DS.</summary>
    public static readonly DicomTag SliceThickness = new(0x0018, 0x0050);
    /// <summary>(0018,1000) Device Serial Number, VR LO.</summary>
    public static readonly DicomTag DeviceSerialNumber = new(0x0018, 0x1000);
    /// <summary>(0018,0088) Spacing Between Slices, VR DS.</summary>
    public static readonly DicomTag SpacingBetweenSlices = new(0x0018, 0x0088);
    /// <summary>(0020,000D) Study Instance UID, VR UI.</summary>
    public static readonly DicomTag StudyInstanceUID = new(0x0020, 0x000D);
    /// <summary>(0020,000E) Series Instance UID, VR UI.</summary>
    public static readonly DicomTag SeriesInstanceUID = new(0x0020, 0x000E);
    /// <summary>(0020,0010) Study ID, VR SH.</summary>
    public static readonly DicomTag StudyID = new(0x0020, 0x0010);
    /// <summary>(0020,0011) Series Number, VR IS.</summary>
    public static readonly DicomTag SeriesNumber = new(0x0020, 0x0011);
    /// <summary>(0020,0013) Instance Number, VR IS.</summary>
    public static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);
    /// <summary>(0020,0032) Image Position (Patient), VR DS.</summary>
    public static readonly DicomTag ImagePositionPatient = new(0x0020, 0x0032);
    /// <summary>(0020,0037) Image Orientation (Patient), VR DS.</summary>
    public static readonly DicomTag ImageOrientationPatient = new(0x0020, 0x0037);
    /// <summary>(0020,0052) Frame of Reference UID, VR UI.</summary>
    public static readonly DicomTag FrameOfReferenceUID = new(0x0020, 0x0052);
    /// <summary>(0028,0002) Samples per Pixel, VR US.</summary>
    public static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);
    /// <summary>(0028,0004) Photometric Interpretation, VR CS.</summary>
    public static readonly DicomTag PhotometricInterpretation = new(0x0028, 0x0004);
    /// <summary>(0028,0006) Planar Configuration, VR US.</summary>
    public static readonly DicomTag PlanarConfiguration = new(0x0028, 0x0006);
    /// <summary>(0028,0008) Number of Frames, VR IS.</summary>
    public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
    /// <summary>(0028,0010) Rows, VR US.</summary>
    public static readonly DicomTag Rows = new(0x0028, 0x0010);
    /// <summary>(0028,0011) Columns, VR US.</summary>
    public static readonly DicomTag Columns = new(0x0028, 0x0011);
    /// <summary>(0028,0030) Pixel Spacing, VR DS.</summary>
    public static readonly DicomTag PixelSpacing = new(0x0028, 0x0030);
    /// <summary>(0028,0100) Bits Allocated, VR US.</summary>
    public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
    /// <summary>(0028,0101) Bits Stored, VR US.</summary>
    public static readonly DicomTag BitsStored = new(0x0028, 0x0101);
    /// <summary>(0028,0102) High Bit, VR US.</summary>
    public static readonly DicomTag HighBit = new(0x0028, 0x0102);
    /// <summary>(0028,0103) Pixel Representation, VR US.</summary>
    public static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);
    /// <summary>(0028,0303) Longitudinal Temporal Information Modified, VR CS.</summary>
    public static readonly DicomTag LongitudinalTemporalInformationModified = new(0x0028, 0x0303);
    /// <summary>(0028,1050) Window Center, VR DS.</summary>
    public static readonly DicomTag WindowCenter = new(0x0028, 0x1050);
    /// <summary>(0028,1051) Window Width, VR DS.</summary>
    public static readonly DicomTag WindowWidth = new(0x0028, 0x1051);
    /// <summary>(0028,1052) Rescale Intercept, VR DS.</summary>
    public static readonly DicomTag RescaleIntercept = new(0x0028, 0x1052);
    /// <summary>(0028,1053) Rescale Slope, VR DS.</summary>
    public static readonly DicomTag RescaleSlope = new(0x0028, 0x1053);
    /// <summary>(0028,1101) Red Palette Color Lookup Table Descriptor, VR US or SS.</summary>
    public static readonly DicomTag RedPaletteColorLookupTableDescriptor = new(0x0028, 0x1101);
    /// <summary>(0028,1102) Green Palette Color Lookup Table Descriptor, VR US or SS.</summary>
    public static readonly DicomTag GreenPaletteColorLookupTableDescriptor = new(0x0028, 0x1102);
    /// <summary>(0028,1103) Blue Palette Color Lookup Table Descriptor, VR US or SS.</summary>
    public static readonly DicomTag BluePaletteColorLookupTableDescriptor = new(0x0028, 0x1103);
    /// <summary>(0028,1201) Red Palette Color Lookup Table Data, VR OW.</summary>
    public static readonly DicomTag RedPaletteColorLookupTableData = new(0x0028, 0x1201);
    /// <summary>(0028,1202) Green Palette Color Lookup Table Data, VR OW.</summary>
    public static readonly DicomTag GreenPaletteColorLookupTableData = new(0x0028, 0x1202);
    /// <summary>(0028,1203) Blue Palette Color Lookup Table Data, VR OW.</summary>
    public static readonly DicomTag BluePaletteColorLookupTableData = new(0x0028, 0x1203);
    /// <summary>(0032,1032) Requesting Physician, VR PN.</summary>
    public static readonly DicomTag RequestingPhysician = new(0x0032, 0x1032);
    /// <summary>(7FE0,0008) Float Pixel Data, VR OF.</summary>
    public static readonly DicomTag FloatPixelData = new(0x7FE0, 0x0008);
    /// <summary>(7FE0,0009) Double Float Pixel Data, VR OD.</summary>
    public static readonly DicomTag DoubleFloatPixelData = new(0x7FE0, 0x0009);
    /// <summary>(7FE0,0010) Pixel Data, VR OB or OW.</summary>
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
}
