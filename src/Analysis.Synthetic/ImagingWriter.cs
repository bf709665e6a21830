using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Nifti;

namespace Analysis.Synthetic;

/// <summary>
/// Writes small staging series for a share of the patients into <c>imaging/{patient id}/{CT|MR}/</c>: 16 DICOM slices
/// of 64×64 voxels and <c>mask.nii</c>, the tumour's label mask on the same grid. The tumour is an ellipsoid whose
/// radius follows the T category (so tumour volume follows stage), brighter than the tissue around it.
/// </summary>
/// <remarks>
/// Each patient's images come from a random stream of its own (<see cref="Xoshiro256.ForStream"/> under an imaging
/// key), so writing imaging changes nothing in the clinical files, and which patients are imaged depends only on the
/// seed, the site and the share. The DICOM headers carry what a hospital archive's would (name, birth date, institution,
/// referring physician, accession number), so de-identification at ingest has something to remove.
/// </remarks>
internal sealed class ImagingWriter(GeneratorOptions options, string directory)
{
    /// <summary>The folder of the imaging collection inside a site's data folder.</summary>
    public const string Folder = "imaging";

    /// <summary>Voxels per slice side and slices per series.</summary>
    public const int Size = 64, Slices = 16;

    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    private static readonly string[] Manufacturers = ["SIEMENS", "GE MEDICAL SYSTEMS", "Philips"];
    private readonly ulong _key = Key(options.Site);

    /// <summary>Series written so far.</summary>
    public int Series { get; private set; }

    /// <summary>Writes the patient's series when the patient is among the imaged share.</summary>
    public void Write(SyntheticPatient patient)
    {
        if (options.ImagingShare <= 0) return;
        var rng = Xoshiro256.ForStream(options.Seed, _key, (ulong)patient.Index);
        if (!rng.Chance(options.ImagingShare)) return;
        // A site buys from one or two vendors: the manufacturer follows the site, with some patients scanned elsewhere.
        var manufacturer = Manufacturers[(int)((_key + (rng.Chance(0.8) ? 0UL : 1UL)) % (ulong)Manufacturers.Length)];
        var studyDate = patient.DiagnosisDate.AddDays(-rng.NextInt(1, 21));
        var radiusMm = TumourRadiusMm(patient.Tnm.T) * Math.Exp(0.12 * rng.NextGaussian());
        var centre = new[] { rng.NextInt(-6, 7), rng.NextInt(-6, 7), rng.NextInt(-2, 3) };
        var ctPart = patient.Cancer == CancerType.Colorectal ? "ABDOMEN" : "CHEST";
        WriteSeries(patient, "CT", ctPart, manufacturer, studyDate, radiusMm, centre, rng, spacing: 5.0, thickness: 5.0, seriesNumber: 1);
        var mrPart = patient.Cancer switch
        {
            CancerType.Breast => "BREAST",
            CancerType.Colorectal when rng.Chance(0.5) => "PELVIS",
            _ => null,
        };
        if (mrPart is not null)
            WriteSeries(patient, "MR", mrPart, manufacturer, studyDate, radiusMm, centre, rng, spacing: 4.0, thickness: 4.0, seriesNumber: 2);
    }

    /// <summary>The tumour's mean radius for a T category: T1 tumours are small, T4 large.</summary>
    public static double TumourRadiusMm(int t) => t switch { <= 1 => 7, 2 => 11, 3 => 15, _ => 19 };

    private void WriteSeries(SyntheticPatient patient, string modality, string bodyPart, string manufacturer, DateOnly date, double radiusMm,
        int[] centre, Xoshiro256 rng, double spacing, double thickness, int seriesNumber)
    {
        var folder = Path.Combine(directory, Folder, patient.Id, modality);
        Directory.CreateDirectory(folder);
        var studyUid = Uid($"study:{options.Site}:{options.Seed}:{patient.Id}");
        var seriesUid = Uid($"series:{options.Site}:{options.Seed}:{patient.Id}:{modality}");
        var mask = new byte[Size * Size * Slices];
        // Centre of the grid plus the offset, in voxels; the ellipsoid is slightly flattened along the slices.
        double cx = Size / 2.0 + centre[0], cy = Size / 2.0 + centre[1], cz = Slices / 2.0 + centre[2];
        for (var z = 0; z < Slices; z++)
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                {
                    double dx = (x + 0.5 - cx) * spacing, dy = (y + 0.5 - cy) * spacing, dz = (z + 0.5 - cz) * thickness / 0.9;
                    if (dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm) mask[(z * Size + y) * Size + x] = 1;
                }
        var day = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        for (var z = 0; z < Slices; z++)
        {
            var pixels = new byte[Size * Size * 2];
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                {
                    var i = y * Size + x;
                    // The body is an ellipse filling most of the field; air outside it.
                    double ex = (x + 0.5 - Size / 2.0) / (Size * 0.45), ey = (y + 0.5 - Size / 2.0) / (Size * 0.36);
                    var inside = ex * ex + ey * ey <= 1;
                    var tumour = mask[z * Size * Size + i] == 1;
                    double value = modality == "CT"
                        ? (tumour ? 70 : inside ? 35 : -1000) + 12 * rng.NextGaussian() + 1024
                        : (tumour ? 900 : inside ? 350 : 5) + (inside ? 40 : 3) * rng.NextGaussian();
                    BitConverter.TryWriteBytes(pixels.AsSpan(2 * i), (ushort)Math.Clamp(Math.Round(value), 0, 4095));
                }
            var ds = new DicomDataset()
                .Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100")
                .Set(DicomTag.SOPClassUID, DicomVR.UI, modality == "CT" ? CtImageStorage : MrImageStorage)
                .Set(DicomTag.SOPInstanceUID, DicomVR.UI, $"{seriesUid}.{z + 1}")
                .Set(DicomTag.StudyDate, DicomVR.DA, day)
                .Set(DicomTag.SeriesDate, DicomVR.DA, day)
                .Set(DicomTag.AccessionNumber, DicomVR.SH, $"A{patient.Index + 1:D7}")
                .Set(DicomTag.Modality, DicomVR.CS, modality)
                .Set(DicomTag.Manufacturer, DicomVR.LO, manufacturer)
                .Set(DicomTag.InstitutionName, DicomVR.LO, $"{options.Site} university hospital")
                .Set(DicomTag.ReferringPhysicianName, DicomVR.PN, "Synthetic^Referrer")
                .Set(DicomTag.SeriesDescription, DicomVR.LO, modality == "CT" ? $"{bodyPart} staging CT 5mm" : $"{bodyPart} T1 post-contrast")
                .Set(DicomTag.PatientName, DicomVR.PN, $"Synthetic^{patient.Id}")
                .Set(DicomTag.PatientID, DicomVR.LO, patient.Id)
                .Set(DicomTag.PatientBirthDate, DicomVR.DA, patient.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .Set(DicomTag.PatientSex, DicomVR.CS, patient.Female ? "F" : "M")
                .Set(BodyPartExamined, DicomVR.CS, bodyPart)
                .Set(DicomTag.SliceThickness, DicomVR.DS, thickness)
                .Set(DicomTag.StudyInstanceUID, DicomVR.UI, studyUid)
                .Set(DicomTag.SeriesInstanceUID, DicomVR.UI, seriesUid)
                .Set(DicomTag.SeriesNumber, DicomVR.IS, seriesNumber)
                .Set(DicomTag.InstanceNumber, DicomVR.IS, z + 1)
                .Set(DicomTag.ImagePositionPatient, DicomVR.DS, -Size * spacing / 2, -Size * spacing / 2, z * thickness)
                .Set(DicomTag.ImageOrientationPatient, DicomVR.DS, 1, 0, 0, 0, 1, 0)
                .Set(DicomTag.SamplesPerPixel, DicomVR.US, 1)
                .Set(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
                .Set(DicomTag.Rows, DicomVR.US, Size)
                .Set(DicomTag.Columns, DicomVR.US, Size)
                .Set(DicomTag.PixelSpacing, DicomVR.DS, spacing, spacing)
                .Set(DicomTag.BitsAllocated, DicomVR.US, 16)
                .Set(DicomTag.BitsStored, DicomVR.US, 12)
                .Set(DicomTag.HighBit, DicomVR.US, 11)
                .Set(DicomTag.PixelRepresentation, DicomVR.US, 0);
            if (modality == "CT") ds.Set(DicomTag.RescaleIntercept, DicomVR.DS, -1024).Set(DicomTag.RescaleSlope, DicomVR.DS, 1);
            ds.Add(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, pixels));
            DicomFile.Create(ds).Save(Path.Combine(folder, $"{z + 1:D3}.dcm"));
        }
        NiftiWriter.WriteLabels(Path.Combine(folder, "mask.nii"), mask, [Size, Size, Slices], [spacing, spacing, thickness], "tumour mask");
        Series++;
    }

    /// <summary>Body Part Examined (0018,0015).</summary>
    private static readonly DicomTag BodyPartExamined = new(0x0018, 0x0015);

    /// <summary>A UID under the UUID-derived root 2.25 (PS3.5 B.2): the decimal of 128 bits of SHA-256 of the text.</summary>
    private static string Uid(string text) =>
        "2.25." + new BigInteger(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    private static ulong Key(string site) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes("imaging:" + site)), 0);
}
