namespace Analysis.Tests.Shared;

/// <summary>
/// Runs the real <c>analysis</c> command tree in-process and captures what it prints. Console
/// redirection is process-wide, so test classes using this share one xUnit collection.
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs <c>analysis args...</c>; returns the exit code, standard output and standard error.</summary>
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Analysis.Cli.CommandLine.Build().Parse(args).Invoke(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
