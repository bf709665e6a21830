namespace Analysis.Kernel.Transport;

/// <summary>The Jupyter channels a kernel sends on.</summary>
public enum Channel
{
    /// <summary>Requests and replies from front ends (ROUTER).</summary>
    Shell,
    /// <summary>Interrupt and shutdown, served even while a cell runs (ROUTER).</summary>
    Control,
    /// <summary>Input requests to a front end (ROUTER).</summary>
    Stdin,
    /// <summary>Broadcast of outputs and status (PUB).</summary>
    IOPub,
}
