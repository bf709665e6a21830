namespace Analysis.Imaging.Dicom;

/// <summary>A DICOM value representation (PS3.5 section 6.2): how an element's value is encoded.</summary>
public enum DicomVR
{
    /// <summary>Application Entity (text, 16 bytes max).</summary>
    AE,
    /// <summary>Age String, e.g. "045Y".</summary>
    AS,
    /// <summary>Attribute Tag (pairs of 16-bit numbers).</summary>
    AT,
    /// <summary>Code String.</summary>
    CS,
    /// <summary>Date, YYYYMMDD.</summary>
    DA,
    /// <summary>Decimal String.</summary>
    DS,
    /// <summary>Date Time, YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX.</summary>
    DT,
    /// <summary>32-bit float.</summary>
    FL,
    /// <summary>64-bit float.</summary>
    FD,
    /// <summary>Integer String.</summary>
    IS,
    /// <summary>Long String (character set applies).</summary>
    LO,
    /// <summary>Long Text (character set applies).</summary>
    LT,
    /// <summary>Other Byte.</summary>
    OB,
    /// <summary>Other Double.</summary>
    OD,
    /// <summary>Other Float.</summary>
    OF,
    /// <summary>Other Long.</summary>
    OL,
    /// <summary>Other 64-bit Very Long.</summary>
    OV,
    /// <summary>Other Word (16-bit units).</summary>
    OW,
    /// <summary>Person Name (character set applies), e.g. "Doe^John".</summary>
    PN,
    /// <summary>Short String (character set applies).</summary>
    SH,
    /// <summary>Signed 32-bit integer.</summary>
    SL,
    /// <summary>Sequence of items.</summary>
    SQ,
    /// <summary>Signed 16-bit integer.</summary>
    SS,
    /// <summary>Short Text (character set applies).</summary>
    ST,
    /// <summary>Signed 64-bit integer.</summary>
    SV,
    /// <summary>Time, HHMMSS.FFFFFF.</summary>
    TM,
    /// <summary>Unlimited Characters (character set applies).</summary>
    UC,
    /// <summary>Unique Identifier (dotted digits).</summary>
    UI,
    /// <summary>Unsigned 32-bit integer.</summary>
    UL,
    /// <summary>Unknown: raw bytes (also what implicit VR gives tags missing from the dictionary).</summary>
    UN,
    /// <summary>Universal Resource Identifier.</summary>
    UR,
    /// <summary>Unsigned 16-bit integer.</summary>
    US,
    /// <summary>Unlimited Text (character set applies).</summary>
    UT,
    /// <summary>Unsigned 64-bit integer.</summary>
    UV,
}

/// <summary>Encoding facts about each VR that the reader and writer need.</summary>
internal static class DicomVRInfo
{
    /// <summary>VRs whose explicit encoding has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    public static bool HasLongLength(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>VRs holding characters (backslash-separated values, space padding).</summary>
    public static bool IsText(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS
        or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST
        or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Text VRs decoded with the Specific Character Set; the others use the default repertoire.</summary>
    public static bool UsesCharacterSet(DicomVR vr) => vr is DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.UC or DicomVR.UT;

    /// <summary>Text VRs that hold one value only, so a backslash is a character, not a separator.</summary>
    public static bool IsSingleValued(DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Size of the number a value is made of, for byte swapping from big endian (1 = never swapped).</summary>
    public static int SwapUnit(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.OW or DicomVR.SS or DicomVR.US => 2,
        DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 1,
    };

    /// <summary>The byte that pads a value to even length: NUL for UI and binary VRs, space for text.</summary>
    public static byte PaddingByte(DicomVR vr) => IsText(vr) && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>Reads an explicit VR from its two ASCII letters.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = DicomVR.UN;
        if (first is < (byte)'A' or > (byte)'Z' || second is < (byte)'A' or > (byte)'Z') return false;
        return Enum.TryParse(string.Create(2, (first, second), static (span, b) => { span[0] = (char)b.first; span[1] = (char)b.second; }), out vr);
    }

    /// <summary>The two ASCII letters of a VR.</summary>
    public static (byte First, byte Second) Letters(DicomVR vr)
    {
        var name = vr.ToString();
        return ((byte)name[0], (byte)name[1]);
    }
}
