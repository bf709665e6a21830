using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>Where a network runs.</summary>
public enum Device
{
    /// <summary>CUDA when libtorch sees a GPU, else the CPU.</summary>
    /// <remarks>A GPU needs a CUDA libtorch 2.10 named by <c>ANALYSIS_LIBTORCH</c> (see <see cref="UserLibTorch"/>); the package feed serves only the CPU build.</remarks>
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
                : throw new InvalidOperationException($"Device.Cuda was asked for but libtorch sees no CUDA device ({NoCudaReason()}); use Device.Auto or Device.Cpu"),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
    }

    private static string NoCudaReason() =>
        TorchRuntime.UserLibTorchProblem
        ?? (TorchRuntime.Loaded is { } loaded && Environment.GetEnvironmentVariable(UserLibTorch.Variable) is { Length: > 0 }
            ? $"the CUDA libtorch in {loaded.LibTorchDirectory} is loaded, but this machine shows it no GPU"
            : $"the bundled CPU libtorch is loaded; on a GPU node set {UserLibTorch.Variable} to a CUDA libtorch {UserLibTorch.RequiredVersion}, see docker/README.md");
}
