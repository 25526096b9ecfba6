using Privc.Cli;

return CliApplication.Run(args, new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable));
