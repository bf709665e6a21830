return Analysis.Cli.CommandLine.Build().Parse(args).Invoke();
