using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Analysis.Kernel.Transport;
using Analysis.Kernel.Display;

namespace Analysis.Kernel.Extensions;

/// <summary>What one extension registered, as <c>#!extensions</c> lists it.</summary>
/// <param name="Name">The extension's name.</param>
/// <param name="Assembly">The assembly it came from.</param>
/// <param name="Formatters">The formatters it registered (type and MIME type).</param>
/// <param name="Magics">The magics it registered.</param>
/// <param name="Assemblies">The assemblies it made referable from cells.</param>
/// <param name="Imports">The namespaces it imported.</param>
/// <param name="LoadTime">How long loading took.</param>
/// <param name="Error">Why it failed to load; null when it loaded.</param>
public sealed record LoadedExtension(string Name, string Assembly, IReadOnlyList<FormatterRegistration> Formatters,
    IReadOnlyList<string> Magics, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Imports, TimeSpan LoadTime, string? Error);

/// <summary>Finds kernel extensions beside the kernel and loads them.</summary>
public static class KernelExtensionLoader
{
    /// <summary>Set this environment variable to 1 to start the kernel without extensions.</summary>
    public const string DisableVariable = "ANALYSIS_KERNEL_NO_EXTENSIONS";

    /// <summary>
    /// The extensions named by <see cref="KernelExtensionAttribute"/> in the assemblies of
    /// <paramref name="directory"/> (default: the kernel's own folder). Assembly metadata is
    /// read without loading, so only assemblies that declare an extension are loaded.
    /// </summary>
    public static IReadOnlyList<IKernelExtension> Discover(string? directory = null)
    {
        // For telling whether an extension causes a problem, and for measuring what they cost.
        if (Environment.GetEnvironmentVariable(DisableVariable) == "1") return [];
        directory ??= AppContext.BaseDirectory;
        var found = new List<IKernelExtension>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            if (!DeclaresExtension(path)) continue;
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException)
            {
                KernelLog.Warn($"extension assembly {path} could not be loaded: {e.Message}");
                continue;
            }
            try
            {
                found.AddRange(FromAssembly(assembly).ToArray());
            }
            catch (Exception e) when (e is InvalidOperationException or MissingMethodException or TargetInvocationException)
            {
                KernelLog.Warn($"extension in {path} skipped: {e.Message}");
            }
        }
        return found;
    }

    /// <summary>The extensions <paramref name="assembly"/> declares.</summary>
    public static IEnumerable<IKernelExtension> FromAssembly(Assembly assembly) =>
        assembly.GetCustomAttributes<KernelExtensionAttribute>()
            .Select(a => typeof(IKernelExtension).IsAssignableFrom(a.ExtensionType)
                ? (IKernelExtension)Activator.CreateInstance(a.ExtensionType)!
                : throw new InvalidOperationException($"{assembly.GetName().Name}: [KernelExtension({a.ExtensionType.Name})] does not implement IKernelExtension."));

    /// <summary>
    /// Loads each extension into a context from <paramref name="newContext"/> (the kernel's registries) and registers
    /// <c>#!extensions</c> listing them. An extension that throws is reported (and logged), not
    /// fatal: the kernel starts without it.
    /// </summary>
    public static IReadOnlyList<LoadedExtension> Load(IEnumerable<IKernelExtension> extensions, Func<KernelExtensionContext> newContext)
    {
        var loaded = new List<LoadedExtension>();
        Magics.MagicRegistry? magics = null;
        foreach (var extension in extensions)
        {
            var context = newContext();
            magics = context.Magics;
            var formattersBefore = context.Formatters.Registrations.Count;
            var magicsBefore = context.Magics.All.Select(m => m.Name).ToHashSet();
            var clock = Stopwatch.StartNew();
            string? error = null;
            try
            {
                extension.Load(context);
            }
            catch (Exception e)
            {
                error = $"{e.GetType().Name}: {e.Message}";
                KernelLog.Warn($"extension {extension.Name} failed to load: {e}");
            }
            loaded.Add(new LoadedExtension(extension.Name, extension.GetType().Assembly.GetName().Name!,
                context.Formatters.Registrations.Skip(formattersBefore).ToArray(),
                context.Magics.All.Select(m => m.Name).Where(n => !magicsBefore.Contains(n)).ToArray(),
                context.Assemblies.ToArray(), context.Imports.ToArray(), clock.Elapsed, error));
        }
        (magics ?? newContext().Magics).Register(new ExtensionsMagic(loaded));
        return loaded;
    }

    private static bool DeclaresExtension(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return false;
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly) return false;
            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                var ctor = metadata.GetCustomAttribute(handle).Constructor;
                if (ctor.Kind != HandleKind.MemberReference) continue;
                var parent = metadata.GetMemberReference((MemberReferenceHandle)ctor).Parent;
                if (parent.Kind != HandleKind.TypeReference) continue;
                var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
                if (metadata.StringComparer.Equals(type.Name, nameof(KernelExtensionAttribute)) &&
                    metadata.StringComparer.Equals(type.Namespace, typeof(KernelExtensionAttribute).Namespace!))
                    return true;
            }
            return false;
        }
        catch (BadImageFormatException)
        {
            return false; // a native library
        }
    }
}
