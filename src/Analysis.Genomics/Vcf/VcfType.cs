namespace Analysis.Genomics.Vcf;

/// <summary>The value type of an INFO or FORMAT field, as its header line declares it.</summary>
public enum VcfType
{
    /// <summary>32-bit integer (read as <see cref="int"/>).</summary>
    Integer,

    /// <summary>Floating point (read as <see cref="double"/>; <c>NaN</c>, <c>Inf</c>, <c>-Inf</c> allowed).</summary>
    Float,

    /// <summary>Present or absent, no value (INFO only; read as <c>true</c>).</summary>
    Flag,

    /// <summary>One character (read as <see cref="char"/>).</summary>
    Character,

    /// <summary>Text (read as <see cref="string"/>).</summary>
    String,
}
