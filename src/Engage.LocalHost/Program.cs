using Engage.LocalHost;

await LocalFunctionsHost.Build(args).RunAsync();
