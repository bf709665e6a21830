using System.Buffers.Binary;
using System.Text;

namespace Analysis.Imaging.Nifti;

/// <summary>Writes a label volume (a segmentation mask) as a single-file NIfTI-1 image of unsigned bytes.</summary>
/// <remarks>Masks are what research tools (nnU-Net, 3D Slicer, ITK-SNAP) exchange as NIfTI; the writer covers that
/// case only: uint8 voxels, no scaling, a scanner-based sform with the given spacing (no rotation).</remarks>
public static class NiftiWriter
{
    /// <summary>Writes <paramref name="labels"/> (x fastest, then y, then z) as <c>.nii</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="labels">One byte per voxel, <c>nx × ny × nz</c> of them.</param>
    /// <param name="dimensions">[nx, ny, nz].</param>
    /// <param name="spacing">Voxel size in mm along x, y, z.</param>
    /// <param name="description">The header's 80-character description.</param>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    public static void WriteLabels(string path, byte[] labels, int[] dimensions, double[] spacing, string description = "label mask")
    {
        if (dimensions.Length != 3 || spacing.Length != 3) throw new ArgumentException("dimensions and spacing must have three entries (x, y, z)");
        if ((long)dimensions[0] * dimensions[1] * dimensions[2] != labels.Length)
            throw new ArgumentException($"{labels.Length} labels do not fill {dimensions[0]}×{dimensions[1]}×{dimensions[2]} voxels");
        var header = new byte[352];
        var h = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(h, 348);
        h[38] = (byte)'r'; // regular = 'r', as nibabel writes
        short[] dim = [3, (short)dimensions[0], (short)dimensions[1], (short)dimensions[2], 1, 1, 1, 1];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(h[(40 + 2 * i)..], dim[i]);
        BinaryPrimitives.WriteInt16LittleEndian(h[70..], 2); // DT_UNSIGNED_CHAR
        BinaryPrimitives.WriteInt16LittleEndian(h[72..], 8);
        float[] pixdim = [1, (float)spacing[0], (float)spacing[1], (float)spacing[2], 0, 0, 0, 0];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteSingleLittleEndian(h[(76 + 4 * i)..], pixdim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(h[108..], 352); // vox_offset
        BinaryPrimitives.WriteSingleLittleEndian(h[112..], 1); // scl_slope
        h[123] = 2; // xyzt_units: mm
        Encoding.ASCII.GetBytes(description.Length > 79 ? description[..79] : description).CopyTo(h[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(h[254..], 1); // sform_code: scanner
        for (var row = 0; row < 3; row++) BinaryPrimitives.WriteSingleLittleEndian(h[(280 + 16 * row + 4 * row)..], (float)spacing[row]);
        "n+1\0"u8.CopyTo(h[344..]);
        using var file = File.Create(path);
        file.Write(header);
        file.Write(labels);
    }
}
