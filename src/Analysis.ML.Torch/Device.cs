using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>Where a network runs.</summary>
public enum Device
{
    /// <summary>CUDA when libtorch sees a GPU, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; refused when there is none.</summary>
    Cuda,
}

/// <summary>Maps <see cref="Device"/> to TorchSharp's.</summary>
internal static class Devices
{
    public static torch.Device Resolve(Device device)
    {
        TorchRuntime.EnsureLoaded();
        return device switch
        {
            Device.Cpu => torch.CPU,
            Device.Cuda => torch.cuda.is_available() ? torch.CUDA
                : throw new InvalidOperationException("Device.Cuda was asked for but libtorch sees no CUDA device (this build ships the CPU libtorch); use Device.Auto or Device.Cpu"),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
    }
}
