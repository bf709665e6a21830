using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Tests;

/// <summary>Writes CT-like series with our writer, for the series tests and the benchmark (which links this file).</summary>
internal static class SyntheticCt
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>One slice: a signed 16-bit image (HU = stored - 1024) whose values encode the slice index.</summary>
    public static DicomDataset Slice(int index, int rows, int columns, double[] position, double[] orientation,
        string seriesUid, string studyUid, double[]? pixelSpacing = null, int seed = 1)
    {
        var ds = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100")
            .Set(DicomTag.SOPClassUID, DicomVR.UI, CtImageStorage)
            .Set(DicomTag.SOPInstanceUID, DicomVR.UI, $"{seriesUid}.{index + 1}")
            .Set(DicomTag.StudyDate, DicomVR.DA, "20240115")
            .Set(DicomTag.Modality, DicomVR.CS, "CT")
            .Set(DicomTag.InstitutionName, DicomVR.LO, "Hôpital Général")
            .Set(DicomTag.ReferringPhysicianName, DicomVR.PN, "Médecin^Jean")
            .Set(DicomTag.PatientName, DicomVR.PN, "Müller^Anna")
            .Set(DicomTag.PatientID, DicomVR.LO, "PAT-0042")
            .Set(DicomTag.PatientBirthDate, DicomVR.DA, "19610304")
            .Set(DicomTag.PatientSex, DicomVR.CS, "F")
            .Set(DicomTag.SliceThickness, DicomVR.DS, 2.5)
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, studyUid)
            .Set(DicomTag.SeriesInstanceUID, DicomVR.UI, seriesUid)
            .Set(DicomTag.SeriesNumber, DicomVR.IS, 1)
            .Set(DicomTag.InstanceNumber, DicomVR.IS, index + 1)
            .Set(DicomTag.ImagePositionPatient, DicomVR.DS, position)
            .Set(DicomTag.ImageOrientationPatient, DicomVR.DS, orientation)
            .Set(DicomTag.SamplesPerPixel, DicomVR.US, 1)
            .Set(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .Set(DicomTag.Rows, DicomVR.US, rows)
            .Set(DicomTag.Columns, DicomVR.US, columns)
            .Set(DicomTag.PixelSpacing, DicomVR.DS, pixelSpacing ?? [0.75, 0.8])
            .Set(DicomTag.BitsAllocated, DicomVR.US, 16)
            .Set(DicomTag.BitsStored, DicomVR.US, 12)
            .Set(DicomTag.HighBit, DicomVR.US, 11)
            .Set(DicomTag.PixelRepresentation, DicomVR.US, 1)
            .Set(DicomTag.RescaleIntercept, DicomVR.DS, -1024)
            .Set(DicomTag.RescaleSlope, DicomVR.DS, 1);
        ds.Add(DicomElement.FromBytes(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME PRIVATE "u8.ToArray()));
        ds.Add(DicomElement.FromBytes(new DicomTag(0x0029, 0x1001), DicomVR.LO, "secret-value"u8.ToArray()));
        var pixels = new byte[rows * columns * 2];
        var random = new Random(seed * 7919 + index);
        for (var i = 0; i < rows * columns; i++)
        {
            var value = (short)Math.Clamp(index * 10 + random.Next(-200, 1800), -2048, 2047);
            BitConverter.TryWriteBytes(pixels.AsSpan(2 * i), value);
        }
        ds.Add(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, pixels));
        return ds;
    }

    /// <summary>Writes a series of axial-ish slices (tilted by a small rotation) into a folder in shuffled file order.</summary>
    /// <returns>The expected slice order: file paths sorted along the normal.</returns>
    public static IReadOnlyList<string> WriteSeries(string folder, int slices, int rows, int columns, double spacing = 2.5, int seed = 1,
        string seriesUid = "1.2.826.0.1.3680043.10.1.1", string studyUid = "1.2.826.0.1.3680043.10.1.0")
    {
        Directory.CreateDirectory(folder);
        double c = Math.Cos(0.2), s = Math.Sin(0.2);
        double[] orientation = [c, s, 0, -s, c, 0];
        var normal = new[] { 0.0, 0.0, 1.0 };
        var order = Enumerable.Range(0, slices).OrderBy(i => new Random(seed + i).Next()).ToList();
        var expected = new string[slices];
        foreach (var index in order)
        {
            // Slices ascend along the normal from index 0, but file names are shuffled.
            double[] position = [-120 + index * 0.0, -95.5, -300 + index * spacing * normal[2]];
            var path = Path.Combine(folder, $"img{new Random(seed * 31 + index).Next(100000):D6}_{index}.dcm");
            DicomFile.Create(Slice(index, rows, columns, position, orientation, seriesUid, studyUid, seed: seed)).Save(path);
            expected[index] = path;
        }
        return expected;
    }
}
