using DeepSeek.Edge.Agent.Cli;

return await CliApp.RunAsync(args);
