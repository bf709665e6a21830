using System.Numerics;

namespace Analysis.Imaging.Series;

/// <summary>Where a volume's voxels lie: shape, spacing and directions (see <see cref="ImageVolume"/>), and its files.</summary>
internal sealed record VolumeGeometry(int Slices, int Rows, int Columns, double RowSpacing, double ColumnSpacing, double SliceSpacing,
    double[] Origin, double[] RowDirection, double[] ColumnDirection, double[] SliceDirection, IReadOnlyList<string> Files, string? SeriesInstanceUid);

/// <summary>
/// A 3-D volume built from a DICOM series: modality-rescaled values (e.g. Hounsfield units) in C order with shape
/// [slices, rows, columns], slices sorted along the slice normal, plus the geometry in patient coordinates (DICOM LPS,
/// mm). The values are double unless float was asked for (<see cref="ImageVolume{T}.Data"/>; <see cref="ToDouble"/>
/// and <see cref="ToSingle"/> convert whatever the type). For a tensor:
/// <c>torch.tensor(volume.ToSingle()).reshape(volume.Shape)</c>.
/// </summary>
public abstract class ImageVolume
{
    private readonly VolumeGeometry _geometry;

    private protected ImageVolume(VolumeGeometry geometry) => _geometry = geometry;

    /// <summary>The element type: double, or float when asked for.</summary>
    public abstract Type ElementType { get; }

    /// <summary>The voxel values as doubles (a new array), index (slice * Rows + row) * Columns + column.</summary>
    public abstract double[] ToDouble();

    /// <summary>The voxel values as floats (a new array), e.g. for a tensor.</summary>
    public abstract float[] ToSingle();

    /// <summary>The smallest and largest value (NaN ignored).</summary>
    public abstract (double Min, double Max) Range();

    /// <summary>The typed view: this volume when its element type is <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The element type is another; the message names it.</exception>
    public ImageVolume<T> As<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        this as ImageVolume<T> ?? throw Elements.WrongType("The volume's voxels", ElementType, typeof(T));

    /// <summary>Number of slices.</summary>
    public int Slices => _geometry.Slices;

    /// <summary>Rows per slice.</summary>
    public int Rows => _geometry.Rows;

    /// <summary>Columns per slice.</summary>
    public int Columns => _geometry.Columns;

    /// <summary>The shape [slices, rows, columns].</summary>
    public int[] Shape => [Slices, Rows, Columns];

    /// <summary>Distance between the centres of adjacent rows, mm (Pixel Spacing value 1).</summary>
    public double RowSpacing => _geometry.RowSpacing;

    /// <summary>Distance between the centres of adjacent columns, mm (Pixel Spacing value 2).</summary>
    public double ColumnSpacing => _geometry.ColumnSpacing;

    /// <summary>Distance between adjacent slices along the normal, mm (from the positions when known).</summary>
    public double SliceSpacing => _geometry.SliceSpacing;

    /// <summary>Image Position (Patient) of the first voxel of the first slice.</summary>
    public double[] Origin => _geometry.Origin;

    /// <summary>Direction of increasing column index (Image Orientation (Patient) values 1-3).</summary>
    public double[] RowDirection => _geometry.RowDirection;

    /// <summary>Direction of increasing row index (Image Orientation (Patient) values 4-6).</summary>
    public double[] ColumnDirection => _geometry.ColumnDirection;

    /// <summary>Direction of increasing slice index (the row and column directions' cross product).</summary>
    public double[] SliceDirection => _geometry.SliceDirection;

    /// <summary>The files, in slice order.</summary>
    public IReadOnlyList<string> Files => _geometry.Files;

    /// <summary>The series' Series Instance UID, if present.</summary>
    public string? SeriesInstanceUid => _geometry.SeriesInstanceUid;

    /// <summary>One voxel as a double.</summary>
    public double this[int slice, int row, int column] => ValueAt(IndexOf(slice, row, column));

    private protected int IndexOf(int slice, int row, int column)
    {
        if ((uint)slice >= (uint)Slices || (uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            throw new IndexOutOfRangeException($"[{slice}, {row}, {column}] is outside shape [{Slices}, {Rows}, {Columns}].");
        return (slice * Rows + row) * Columns + column;
    }

    private protected abstract double ValueAt(int index);

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
        $"ImageVolume<{ElementType.Name}> [{Slices}, {Rows}, {Columns}] spacing {SliceSpacing:0.###} x {RowSpacing:0.###} x {ColumnSpacing:0.###} mm";
}

/// <summary>A volume whose voxels are <typeparamref name="T"/> (double or float); see <see cref="ImageVolume"/>.</summary>
public sealed class ImageVolume<T> : ImageVolume where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal ImageVolume(T[] data, VolumeGeometry geometry) : base(geometry) => Data = data;

    /// <summary>Voxel values (modality-rescaled, e.g. HU), index (slice * Rows + row) * Columns + column.</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public override Type ElementType => typeof(T);

    /// <summary>One voxel.</summary>
    public new T this[int slice, int row, int column] => Data[IndexOf(slice, row, column)];

    /// <inheritdoc />
    public override double[] ToDouble() => Elements.Scaled<T, double>(Data);

    /// <inheritdoc />
    public override float[] ToSingle() => Elements.Scaled<T, float>(Data);

    /// <inheritdoc />
    public override (double Min, double Max) Range() => Elements.Range<T>(Data);

    private protected override double ValueAt(int index) => double.CreateTruncating(Data[index]);
}
