namespace Analysis.Imaging.Series;

/// <summary>
/// A 3-D volume built from a DICOM series: <c>float[]</c> in C order with shape [slices, rows, columns], slices sorted
/// along the slice normal, plus the geometry in patient coordinates (DICOM LPS, mm). For a tensor:
/// <c>torch.tensor(volume.Data).reshape(volume.Shape)</c>.
/// </summary>
public sealed class ImageVolume
{
    internal ImageVolume(float[] data, int slices, int rows, int columns, double rowSpacing, double columnSpacing, double sliceSpacing,
        double[] origin, double[] rowDirection, double[] columnDirection, double[] sliceDirection, IReadOnlyList<string> files, string? seriesInstanceUid)
    {
        Data = data;
        Slices = slices;
        Rows = rows;
        Columns = columns;
        RowSpacing = rowSpacing;
        ColumnSpacing = columnSpacing;
        SliceSpacing = sliceSpacing;
        Origin = origin;
        RowDirection = rowDirection;
        ColumnDirection = columnDirection;
        SliceDirection = sliceDirection;
        Files = files;
        SeriesInstanceUid = seriesInstanceUid;
    }

    /// <summary>Voxel values (modality-rescaled, e.g. HU), index (slice * Rows + row) * Columns + column.</summary>
    public float[] Data { get; }

    /// <summary>Number of slices.</summary>
    public int Slices { get; }

    /// <summary>Rows per slice.</summary>
    public int Rows { get; }

    /// <summary>Columns per slice.</summary>
    public int Columns { get; }

    /// <summary>The shape [slices, rows, columns].</summary>
    public int[] Shape => [Slices, Rows, Columns];

    /// <summary>Distance between the centres of adjacent rows, mm (Pixel Spacing value 1).</summary>
    public double RowSpacing { get; }

    /// <summary>Distance between the centres of adjacent columns, mm (Pixel Spacing value 2).</summary>
    public double ColumnSpacing { get; }

    /// <summary>Distance between adjacent slices along the normal, mm (from the positions when known).</summary>
    public double SliceSpacing { get; }

    /// <summary>Image Position (Patient) of the first voxel of the first slice.</summary>
    public double[] Origin { get; }

    /// <summary>Direction of increasing column index (Image Orientation (Patient) values 1-3).</summary>
    public double[] RowDirection { get; }

    /// <summary>Direction of increasing row index (Image Orientation (Patient) values 4-6).</summary>
    public double[] ColumnDirection { get; }

    /// <summary>Direction of increasing slice index (the row and column directions' cross product).</summary>
    public double[] SliceDirection { get; }

    /// <summary>The files, in slice order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The series' Series Instance UID, if present.</summary>
    public string? SeriesInstanceUid { get; }

    /// <summary>One voxel.</summary>
    public float this[int slice, int row, int column] => Data[(slice * Rows + row) * Columns + column];

    /// <summary>The 4x4 affine from (column, row, slice) indices to patient coordinates (LPS, mm).</summary>
    public double[,] Affine
    {
        get
        {
            var affine = new double[4, 4];
            for (var i = 0; i < 3; i++)
            {
                affine[i, 0] = RowDirection[i] * ColumnSpacing;
                affine[i, 1] = ColumnDirection[i] * RowSpacing;
                affine[i, 2] = SliceDirection[i] * SliceSpacing;
                affine[i, 3] = Origin[i];
            }
            affine[3, 3] = 1;
            return affine;
        }
    }

    /// <summary>The patient position (LPS, mm) of a voxel centre.</summary>
    public double[] PositionOf(int slice, int row, int column) =>
        Enumerable.Range(0, 3).Select(i => Origin[i] + RowDirection[i] * ColumnSpacing * column + ColumnDirection[i] * RowSpacing * row
            + SliceDirection[i] * SliceSpacing * slice).ToArray();

    /// <inheritdoc />
    public override string ToString() =>
        $"ImageVolume [{Slices}, {Rows}, {Columns}] spacing {SliceSpacing:0.###} x {RowSpacing:0.###} x {ColumnSpacing:0.###} mm";
}
