namespace Analysis.Kernel.Protocol;

/// <summary>A message on the wire could not be decoded; the message names which frame and why.</summary>
public sealed class WireFormatException(string message, Exception? inner = null) : Exception(message, inner);
