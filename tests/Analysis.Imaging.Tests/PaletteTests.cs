using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>PALETTE COLOR display values against pydicom's apply_color_lut, with a palette pydicom ships.</summary>
public sealed class PaletteTests
{
    [Theory]
    [InlineData("hotiron.dcm")]
    [InlineData("pet.dcm")]
    public void Palette_indices_map_to_pydicom_rgb(string palette)
    {
        var lut = DicomFile.Open(Path.Combine(PydicomReference.DataDirectory.Value, "palettes", palette)).Dataset;
        var ds = new DicomDataset()
            .Set(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5")
            .Set(DicomTag.SamplesPerPixel, DicomVR.US, 1)
            .Set(DicomTag.PhotometricInterpretation, DicomVR.CS, "PALETTE COLOR")
            .Set(DicomTag.Rows, DicomVR.US, 16).Set(DicomTag.Columns, DicomVR.US, 16)
            .Set(DicomTag.BitsAllocated, DicomVR.US, 8).Set(DicomTag.BitsStored, DicomVR.US, 8).Set(DicomTag.HighBit, DicomVR.US, 7)
            .Set(DicomTag.PixelRepresentation, DicomVR.US, 0);
        foreach (var tag in new[] { DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.BluePaletteColorLookupTableDescriptor,
                     DicomTag.RedPaletteColorLookupTableData, DicomTag.GreenPaletteColorLookupTableData, DicomTag.BluePaletteColorLookupTableData })
            ds.Add(lut[tag] ?? throw new InvalidOperationException($"{palette} lacks {tag}"));
        ds.Add(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OB, Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray()));
        var folder = TempFolders.Create("palette-");
        var path = Path.Combine(folder, "palette.dcm");
        DicomFile.Create(ds).Save(path);
        PydicomReference.Dump([path], folder);
        var rgb = DicomFile.Open(path).GetPixels<double>(PixelValues.Display);
        Assert.Equal(new[] { 1, 16, 16, 3 }, rgb.Shape);
        Agreement.AssertClose(Python.ReadDoubles(Path.Combine(folder, "0.display.bin")), rgb.Data, palette);
    }
}
